import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseSecretsKey, secretBox, SecretsKeyError } from '../../server/src/infra/secrets.js';
import { loggerOptions } from '../../server/src/core/logger.js';
import {
  hashRecoveryCode,
  newRecoveryCode,
  normalizeRecoveryCode,
} from '../../server/src/modules/twofa/twofa.crypto.js';

const KEY = 'ab'.repeat(32);

describe('secrets at rest (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time and a versioned format', () => {
    const box = secretBox(KEY);
    const a = box.encrypt('JBSWY3DPEHPK3PXP', 'ctx:1');
    const b = box.encrypt('JBSWY3DPEHPK3PXP', 'ctx:1');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(a.length).toBeLessThan(255);
    expect(box.decrypt(a, 'ctx:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another context, a tampered ciphertext and another key', () => {
    const box = secretBox(KEY);
    const enc = box.encrypt('secret', 'users:1');
    expect(() => box.decrypt(enc, 'users:2')).toThrow();
    const parts = enc.split('.');
    parts[3] = Buffer.from('SECRET').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'users:1')).toThrow();
    expect(() => secretBox('cd'.repeat(32)).decrypt(enc, 'users:1')).toThrow(/another SECRETS_KEY/);
    expect(() => box.decrypt(`v9.${enc.slice(3)}`, 'users:1')).toThrow(SecretsKeyError);
  });

  it('accepts 32 bytes as hex, base64 or base64url only', () => {
    const raw = Buffer.alloc(32, 0xfb);
    expect(parseSecretsKey(raw.toString('hex'))).toEqual(raw);
    expect(parseSecretsKey(raw.toString('base64'))).toEqual(raw);
    expect(parseSecretsKey(raw.toString('base64url'))).toEqual(raw);
    expect(() => parseSecretsKey('x'.repeat(64))).toThrow(SecretsKeyError);
    expect(() => parseSecretsKey(Buffer.alloc(16).toString('hex'))).toThrow(SecretsKeyError);
  });
});

describe('recovery codes', () => {
  it('are 16 unambiguous characters in groups, hashed independently of case and dashes', () => {
    const codes = new Set(Array.from({ length: 200 }, newRecoveryCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    const c = [...codes][0];
    expect(normalizeRecoveryCode(` ${c.toUpperCase().replace(/-/g, ' ')} `)).toBe(c.replace(/-/g, ''));
    expect(hashRecoveryCode(c.toUpperCase())).toBe(hashRecoveryCode(c.replace(/-/g, '')));
    expect(hashRecoveryCode(c)).not.toContain(c.replace(/-/g, ''));
  });
});

describe('logger redaction', () => {
  it('censors codes, secrets, tokens and recovery codes wherever a request would carry them', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _e, cb) {
        out += chunk.toString();
        cb();
      },
    });
    const log = pino(loggerOptions('t', 'trace'), sink);
    log.info(
      {
        code: '123456',
        secret: 'JBSWY3DPEHPK3PXP',
        token: 'sbs_tok',
        password: 'hunter22',
        recoveryCode: 'abcd-efgh',
        body: { code: '654321', recoveryCode: 'zzzz-yyyy' },
        req: { body: { secret: 'KRUGKIDROVUWG2ZA' }, headers: { authorization: 'Bearer sbs_x' } },
        nested: { recoveryCodes: ['qqqq-rrrr'], otpauthUri: 'otpauth://totp/x?secret=ABC' },
      },
      'attempt',
    );
    for (const s of [
      '123456',
      'JBSWY3DPEHPK3PXP',
      'sbs_tok',
      'hunter22',
      'abcd-efgh',
      '654321',
      'zzzz-yyyy',
      'KRUGKIDROVUWG2ZA',
      'sbs_x',
      'qqqq-rrrr',
      'otpauth://',
    ]) {
      expect(out).not.toContain(s);
    }
    expect(out).toContain('[redacted]');
  });
});
