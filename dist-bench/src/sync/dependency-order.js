"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dependencyOrder = dependencyOrder;
/**
 * Object types ordered so that a type comes after the types it refers to:
 * accounts are uploaded before the contacts created for them, so a contact's
 * temporary AccountId is already a server ROW_ID when it is sent. Cycles keep
 * package order.
 */
function dependencyOrder(objects) {
    const byName = new Map(objects.map((o) => [o.name, o]));
    const done = new Set();
    const visiting = new Set();
    const out = [];
    const visit = (o) => {
        if (done.has(o.name) || visiting.has(o.name))
            return;
        visiting.add(o.name);
        for (const f of o.fields) {
            const target = f.type === 'reference' && f.references ? byName.get(f.references) : undefined;
            if (target && target !== o)
                visit(target);
        }
        visiting.delete(o.name);
        done.add(o.name);
        out.push(o);
    };
    objects.forEach(visit);
    return out;
}
//# sourceMappingURL=dependency-order.js.map