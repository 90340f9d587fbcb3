import { z } from 'zod';
import { command, MANAGER } from '../command';
import type { HqLinkStatus } from '../../domain/hqLink';

export const hqCommands = {
  /** The head office link: enrolled or not, upload backlog, relay connection, pushed versions. */
  'hq:status': command<HqLinkStatus>()(z.object({}).strict(), MANAGER),
  /** Enrols this terminal with a manager's one-time code from the dashboard; a code works once. */
  'hq:enrol': command<HqLinkStatus>()(
    z.object({
      url: z.url({ protocol: /^https?$/ }).optional(),
      code: z.string().trim().min(3).max(200).regex(/^[^:\s]+:\S+$/, 'an enrolment code looks like <merchant>:<secret>'),
    }).strict(),
    MANAGER,
  ),
} as const;
