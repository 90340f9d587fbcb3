import fs from 'node:fs';
import path from 'node:path';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { assertNever } from '../../shared/errors/posError';
import { readKeyText, sealKeyText, type KeyVault } from '../config/keyVault';
import { GENESIS_HASH } from './hashChain';
import type { Db } from './openJournal';

export const CHECKPOINT_FILE = 'journal.checkpoint';
export const CHECKPOINT_KEY_FILE = 'checkpoint.key';

const checkpointSchema = z.object({ v: z.literal(1), seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.number().int(), mac: z.string() }).strict();
type Checkpoint = z.infer<typeof checkpointSchema>;

/** What the checkpoint says about the journal found at start. */
export type CheckpointVerdict =
  | { readonly kind: 'ok'; readonly seq: number }
  /** No key and no checkpoint yet: this start creates both. */
  | { readonly kind: 'first'; readonly seq: number }
  /** The journal ends before the checkpoint: an older copy, or a fresh file where the journal was. */
  | { readonly kind: 'rolledBack'; readonly checkpointSeq: number; readonly journalSeq: number }
  /** The journal has the checkpoint's position but another event there: another journal. */
  | { readonly kind: 'diverged'; readonly seq: number }
  /** The checkpoint does not verify under the key (edited, or the key was replaced). */
  | { readonly kind: 'forged' }
  /** One of key and checkpoint is there without the other. */
  | { readonly kind: 'missing'; readonly which: 'checkpoint' | 'key' };

const macOf = (key: Buffer, seq: number, hash: string, at: number): string => createHmac('sha256', key).update(JSON.stringify(['pos-chain-checkpoint', 1, seq, hash, at])).digest('hex');

function headOf(db: Db): { seq: number; hash: string } {
  const h = db.prepare('SELECT seq, hash FROM chain_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  return h ?? { seq: 0, hash: GENESIS_HASH };
}

function hashAt(db: Db, seq: number): string | undefined {
  if (seq === 0) return GENESIS_HASH;
  return (db.prepare('SELECT hash FROM payment_events WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
}

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export interface CheckpointKeeper {
  readonly verdict: CheckpointVerdict;
  /** Writes the journal's current chain head when it moved (only after an ok or first verdict). */
  update(): void;
}

/**
 * The hash chain's head kept outside the journal too, HMAC-signed with a key in the data folder (sealed
 * by the OS key store where the host has a real one). A journal swapped for an older copy, or for a
 * different one, passes its own chain check — but not this one: at start its chain must reach the
 * checkpoint's position with the checkpoint's hash there. The checkpoint follows the journal on a
 * short timer, so a rollback to a copy taken within that interval is the one thing it cannot tell.
 */
export function openCheckpoint(db: Db, dataDir: string, vault: KeyVault): CheckpointKeeper {
  const cpFile = path.join(dataDir, CHECKPOINT_FILE);
  const keyFile = path.join(dataDir, CHECKPOINT_KEY_FILE);
  const hasKey = fs.existsSync(keyFile);
  const hasCp = fs.existsSync(cpFile);
  let key: Buffer;
  let verdict: CheckpointVerdict;
  let written: number | null = null;

  const write = (): void => {
    const h = headOf(db);
    if (h.seq === written) return;
    const at = Date.now();
    const cp: Checkpoint = { v: 1, seq: h.seq, hash: h.hash, at, mac: macOf(key, h.seq, h.hash, at) };
    writeAtomically(cpFile, `${JSON.stringify(cp)}\n`);
    written = h.seq;
  };

  if (!hasKey && !hasCp) {
    key = randomBytes(32);
    writeAtomically(keyFile, sealKeyText(vault, key.toString('hex')));
    verdict = { kind: 'first', seq: headOf(db).seq };
    write();
  } else if (!hasKey || !hasCp) {
    key = Buffer.alloc(0);
    verdict = { kind: 'missing', which: hasKey ? 'checkpoint' : 'key' };
  } else {
    key = Buffer.from(readKeyText(vault, keyFile), 'hex');
    verdict = judge(db, key, cpFile);
    if (verdict.kind === 'ok') written = headOf(db).seq === verdict.seq ? verdict.seq : null;
  }
  const trusted = verdict.kind === 'ok' || verdict.kind === 'first';
  return {
    verdict,
    update() {
      if (trusted) write();
    },
  };
}

function judge(db: Db, key: Buffer, cpFile: string): CheckpointVerdict {
  let cp: Checkpoint;
  try {
    cp = checkpointSchema.parse(JSON.parse(fs.readFileSync(cpFile, 'utf8')));
  } catch {
    return { kind: 'forged' };
  }
  const want = Buffer.from(macOf(key, cp.seq, cp.hash, cp.at), 'hex');
  const got = Buffer.from(cp.mac, 'hex');
  if (key.length < 32 || got.length !== want.length || !timingSafeEqual(got, want)) return { kind: 'forged' };
  const head = headOf(db);
  if (head.seq < cp.seq) return { kind: 'rolledBack', checkpointSeq: cp.seq, journalSeq: head.seq };
  if (hashAt(db, cp.seq) !== cp.hash) return { kind: 'diverged', seq: cp.seq };
  return { kind: 'ok', seq: cp.seq };
}

/** The setup screen's sentence for a verdict that stops payments (null when the journal is trusted). */
export function checkpointProblem(v: CheckpointVerdict): string | null {
  switch (v.kind) {
    case 'ok':
    case 'first':
      return null;
    case 'rolledBack':
      return `the journal ends at event ${v.journalSeq} but its checkpoint says ${v.checkpointSeq}: it was replaced by an older copy or a new file. Payments are stopped; restore the right journal (see README "Data at rest").`;
    case 'diverged':
      return `the journal's event ${v.seq} is not the one its checkpoint signed: this is another journal. Payments are stopped; restore the right journal (see README "Data at rest").`;
    case 'forged':
      return `${CHECKPOINT_FILE} does not verify under ${CHECKPOINT_KEY_FILE}: it was edited. Payments are stopped (see README "Data at rest").`;
    case 'missing':
      return `${v.which === 'key' ? CHECKPOINT_KEY_FILE : CHECKPOINT_FILE} is missing from the data folder: the journal cannot be checked. Payments are stopped (see README "Data at rest").`;
    default:
      return assertNever(v, 'checkpoint verdict');
  }
}
