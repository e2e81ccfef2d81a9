import assert from 'node:assert/strict';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { libtrustKeyId } from './key-id.js';
import { createSelfSignedCertificate } from './x509.js';

// Published vectors: the public-key fixtures of libtrust-py's test suite and the ids its tests expect
// (the Python port checks them against Go libtrust's output).
const RSA_4096_PUBLIC = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAwq1mCmgn460MC6MnCqra
nQNTgmKuKPl7bNH7Qc6hBDGHlnIjU6q/h2KXF37TC5Y9tsKvQ4b8jd0Sf0dXFHml
8qunSvNnqsSvoD8tSPUKqXS6jrlbGSQXhya7BL1RPGccD5K1xrV73QlI6uFPd3AP
RQYij5EOB8IOWEQujJk/8Mjc0EC9zvk5TUJb59hkOUPZ3CkvSBNLNS8wpQI98FRn
IzHjuaNicqve8054oxmDKifHWy0nnF135cXW8zkH3Zto1q89zD2g+zcVxLcRP84U
he0nSQyg7vEYl4Wl74Eo6/89qL2yE0mEiQN245ACA5B8WFV/t3j/OD3ydOCaAOg2
8vQtzcZ1gh2Ev4RxeR7bKq58g+R0+MMwl7nnW29mbCkcgdVVR4YPmglP7Vb6w7/N
bqFhnxx4E3A05AeevHdMdYCrtgQwogvIhdOHLcVQxJgwy1d2Lg/mv9rovhCJ7d3X
aNEYym6CplCHPMtfnU1LCVkA6b44pFaOVjsAQ8FviFtGXQAToRtwoszSarzslHKY
dPoSGFOsgNJgW67iViOYqGPD97rgJA0VPm0POMNHGw/R6o+08KhDF/OI1EDckmjX
hUggY/WCqWDxD77Ezd/wr9Zlbv/uSIEL9ifvBLq06lLcXMLrQbJrwMbDrngMZMAc
UkTzThmtxNs4uwu45R+zfKcCAwEAAQ==
-----END PUBLIC KEY-----
`;
const EC_P256_PUBLIC = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE4pBqYlc5IU5pJh5AOvijtEccStyJ
u0dSAiz4OlDGGFk5PvSlSh+wqUcSyp1ZRSP5kX7Pluof72g5MniaoFrLKg==
-----END PUBLIC KEY-----
`;

/** An independent derivation: the 240-bit prefix as one big integer, read 5 bits at a time. */
function referenceKeyId(publicPem: string): string {
  const der = createPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  let n = BigInt(`0x${createHash('sha256').update(der).digest('hex').slice(0, 60)}`);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < 48; i++) {
    out = alphabet[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out.match(/.{4}/g)!.join(':');
}

test('libtrust key id matches published vectors', () => {
  assert.equal(libtrustKeyId(RSA_4096_PUBLIC), 'IIYO:OWAZ:MBMG:2SIK:IK2I:OP5Z:H6QR:KN6Y:QUGO:BUWN:TYW3:JXVW');
  assert.equal(libtrustKeyId(EC_P256_PUBLIC), 'UEV2:PPF2:4DMU:WZYF:WOWU:677P:B7XU:SGFA:BMUG:NCTC:R7CL:XFKZ');
  assert.equal(libtrustKeyId(createPublicKey(EC_P256_PUBLIC)), 'UEV2:PPF2:4DMU:WZYF:WOWU:677P:B7XU:SGFA:BMUG:NCTC:R7CL:XFKZ');
});

test('libtrust key id agrees with an independent derivation for fresh keys', () => {
  for (const type of ['rsa', 'ec'] as const) {
    for (let i = 0; i < 5; i++) {
      const { publicKey } =
        type === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const id = libtrustKeyId(publicKey);
      assert.match(id, /^([A-Z2-7]{4}:){11}[A-Z2-7]{4}$/);
      assert.equal(id, referenceKeyId(pem));
    }
  }
});

test('private key, public key and certificate give the same id', async () => {
  const { keyPem, certPem } = await createSelfSignedCertificate();
  const fromPrivate = libtrustKeyId(keyPem);
  assert.equal(libtrustKeyId(createPrivateKey(keyPem)), fromPrivate);
  assert.equal(libtrustKeyId(certPem), fromPrivate);
  assert.equal(libtrustKeyId(createPublicKey(keyPem)), fromPrivate);
});
