import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints made-up files at real paths: the layering rules of DESIGN.md §3 must fire, and only there. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errors(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('shared/ imports nothing of ours and no runtime', async () => {
    expect(await errors('shared/domain/x.ts', "import { a } from '../../electron/station/eventHub';\nexport const b = a;")).toHaveLength(1);
    expect(await errors('shared/domain/x.ts', "import { a } from '../../renderer/api/bridge';\nexport const b = a;")).toHaveLength(1);
    expect(await errors('shared/domain/x.ts', "import fs from 'node:fs';\nexport const b = fs;")).toHaveLength(1);
    expect(await errors('shared/domain/x.ts', "import React from 'react';\nexport const b = React;")).toHaveLength(1);
    expect(await errors('shared/ipc/x.ts', "import type { EventMap } from './events';\nexport type B = EventMap;")).toHaveLength(0);
  });

  it('renderer/ imports only shared/', async () => {
    expect(await errors('renderer/cashier/x.ts', "import { a } from '../../electron/station/eventHub';\nexport const b = a;")).toHaveLength(1);
    expect(await errors('renderer/cashier/x.ts', "import { ipcRenderer } from 'electron';\nexport const b = ipcRenderer;")).toHaveLength(1);
    expect(await errors('renderer/cashier/x.ts', "import fs from 'fs';\nexport const b = fs;")).toHaveLength(1);
    expect(await errors('renderer/cashier/x.ts', "import { money } from '../../shared/domain/money';\nexport const b = money;")).toHaveLength(0);
  });

  it('only electron/main and electron/preload import electron', async () => {
    expect(await errors('electron/station/x.ts', "import { app } from 'electron';\nexport const b = app;")).toHaveLength(1);
    expect(await errors('electron/server/x.ts', "import { app } from 'electron';\nexport const b = app;")).toHaveLength(1);
    expect(await errors('electron/main/x.ts', "import { app } from 'electron';\nexport const b = app;")).toHaveLength(0);
    expect(await errors('electron/preload/x.ts', "import { ipcRenderer } from 'electron';\nexport const b = ipcRenderer;")).toHaveLength(0);
    expect(await errors('electron/main/x.ts', "import { a } from '../../renderer/api/bridge';\nexport const b = a;")).toHaveLength(1);
  });

  it('the payment engine is pure', async () => {
    expect(await errors('electron/payments/engine/x.ts', "import Database from 'better-sqlite3';\nexport const b = Database;")).toHaveLength(1);
    expect(await errors('electron/payments/engine/x.ts', "import http from 'node:http';\nexport const b = http;")).toHaveLength(1);
    expect(await errors('electron/payments/engine/x.ts', "import { openJournal } from '../../journal/openJournal';\nexport const b = openJournal;")).toHaveLength(1);
  });

  it('the renderer may not hard-code UI text', async () => {
    const [r] = await eslint.lintText('export function X() { return <p>Charge now</p>; }\n', { filePath: 'renderer/components/X.tsx' });
    expect(r!.messages.some((m) => m.ruleId === 'i18next/no-literal-string')).toBe(true);
  });
});
