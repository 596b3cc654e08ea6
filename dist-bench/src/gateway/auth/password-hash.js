"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hashPassword = hashPassword;
exports.verifyPassword = verifyPassword;
exports.decoyHash = decoyHash;
const node_crypto_1 = require("node:crypto");
const KEY_LENGTH = 32;
const PARAMS = { N: 16_384, r: 8, p: 1 };
function derive(password, salt, options) {
    return new Promise((resolve, reject) => {
        (0, node_crypto_1.scrypt)(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
    });
}
/** `scrypt$N$r$p$salt$hash` (base64): parameters travel with the hash so they can be raised later. */
async function hashPassword(password) {
    const salt = (0, node_crypto_1.randomBytes)(16);
    const key = await derive(password, salt, PARAMS);
    return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}
async function verifyPassword(password, stored) {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash)
        return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
    return actual.length === expected.length && (0, node_crypto_1.timingSafeEqual)(actual, expected);
}
/**
 * A hash of nothing anyone knows, checked when the user name does not exist, so
 * that "no such user" takes as long as "wrong password" and names cannot be probed.
 */
let decoy;
function decoyHash() {
    decoy ??= hashPassword((0, node_crypto_1.randomBytes)(16).toString('hex'));
    return decoy;
}
//# sourceMappingURL=password-hash.js.map