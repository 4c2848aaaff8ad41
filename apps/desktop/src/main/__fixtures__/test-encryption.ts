// An encryption that behaves like Electron's safeStorage (AES-256-GCM under a key held in memory,
// as the OS keychain would hold it): Electron cannot run on these machines, so its `safeStorage`
// is the one part tests stand in for.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { StringEncryption } from '../safe-storage-secret-store.ts';

export function testEncryption(options: { available?: boolean; backend?: string; key?: Buffer; rotated?: boolean } = {}): StringEncryption {
  const key = options.key ?? randomBytes(32);
  return {
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    ...(options.backend === undefined ? {} : { getSelectedStorageBackend: () => options.backend ?? 'unknown' }),
    encryptStringAsync(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]));
    },
    decryptStringAsync(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      const result = Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: options.rotated ?? false });
    },
  };
}
