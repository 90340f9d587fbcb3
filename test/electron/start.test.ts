import { describe, expect, it } from 'vitest';
import { chooseHost } from '../../electron/chooseHost';

describe('npm start host choice', () => {
  it('falls back to the browser host and says why when Electron cannot run here', () => {
    // On this machine the Electron binary is never downloaded (its install script is denied).
    const choice = chooseHost({ POS_NO_FETCH: '1', DISPLAY: '' });
    expect(choice.host).toBe('browser');
    expect(choice.host === 'browser' && choice.why).toMatch(/Electron|display/);
  });

  it('POS_HOST=browser forces the browser host', () => {
    expect(chooseHost({ POS_HOST: 'browser' })).toEqual({ host: 'browser', why: 'POS_HOST=browser' });
  });
});
