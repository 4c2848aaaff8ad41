import { describe, expect, it } from 'vitest';

import { decidePermissionCheck, decidePermissionRequest } from './permission-policy.ts';

const appUrl = 'file:///opt/Forge/renderer/index.html';

describe('permission policy', () => {
  it('refuses every permission request', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'usb', 'unknown']) {
      let granted: boolean | undefined;
      decidePermissionRequest(permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
  });

  it('refuses every permission check but a clipboard text write from the app page', () => {
    expect(decidePermissionCheck(appUrl, 'clipboard-sanitized-write', appUrl)).toBe(true);
    expect(decidePermissionCheck(appUrl, 'clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(decidePermissionCheck(appUrl, 'clipboard-sanitized-write', undefined)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'hid', 'serial', 'fullscreen']) {
      expect(decidePermissionCheck(appUrl, permission, appUrl), permission).toBe(false);
    }
  });
});
