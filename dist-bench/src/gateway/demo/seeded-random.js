"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createRandom = createRandom;
const TWO_POW_32 = 4_294_967_296;
const TWO_POW_53 = 9_007_199_254_740_992;
/**
 * The generator is sfc32 ("small fast counter", 128 bits of state): fast in plain
 * 32-bit integer arithmetic and, thanks to the counter word, free of short cycles
 * for any seed. The seed must be a safe integer; both 32-bit halves go into the
 * state so that seeds above 2^32 still give different sequences.
 */
function createRandom(seed) {
    if (!Number.isSafeInteger(seed))
        throw new RangeError(`seed must be a safe integer, got ${seed}`);
    let a = (0x243f6a88 ^ seed) | 0;
    let b = (0x85a308d3 ^ Math.floor(seed / TWO_POW_32)) | 0;
    let c = 0x13198a2e;
    let counter = 1;
    const nextUint32 = () => {
        const result = (((a + b) | 0) + counter) | 0;
        counter = (counter + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (c << 21) | (c >>> 11);
        c = (c + result) | 0;
        return result >>> 0;
    };
    // Nearby seeds start from nearly equal states; a few rounds spread them apart.
    for (let round = 0; round < 16; round++)
        nextUint32();
    const next = () => nextUint32() / TWO_POW_32;
    const int = (min, maxInclusive) => {
        if (!Number.isSafeInteger(min) || !Number.isSafeInteger(maxInclusive) || maxInclusive < min) {
            throw new RangeError(`invalid integer range ${min}..${maxInclusive}`);
        }
        const span = maxInclusive - min + 1;
        if (span <= TWO_POW_32)
            return min + Math.floor(next() * span);
        // Wide spans (millisecond ranges over years) need more than 32 random bits to
        // reach every value; the min() guards against rounding up to `span`.
        const fraction = (nextUint32() * 2_097_152 + (nextUint32() >>> 11)) / TWO_POW_53;
        return min + Math.min(span - 1, Math.floor(fraction * span));
    };
    const pick = (items) => {
        if (items.length === 0)
            throw new RangeError('cannot pick from an empty list');
        return items[Math.floor(next() * items.length)];
    };
    const chance = (probability) => next() < probability;
    return { next, int, pick, chance };
}
//# sourceMappingURL=seeded-random.js.map