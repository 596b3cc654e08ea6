"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.LocalEdits = void 0;
const index_js_1 = require("../metadata/index.js");
const index_js_2 = require("../protocol/index.js");
/**
 * The rep's offline edits. They only touch the store; the next sync uploads them
 * (Siebel: "the user works with data locally … Siebel CRM Desktop sends these
 * changes to the Siebel Server during an incremental synchronization").
 */
class LocalEdits {
    store;
    objects;
    user;
    now;
    newLocalId;
    constructor(store, objects, user, now = () => Date.now(), newLocalId = () => `L-${crypto.randomUUID()}`) {
        this.store = store;
        this.objects = objects;
        this.user = user;
        this.now = now;
        this.newLocalId = newLocalId;
    }
    async create(objectType, fields) {
        const object = this.object(objectType);
        const values = checkFields(object, fields, true);
        const record = {
            localId: this.newLocalId(),
            objectType,
            rowId: null,
            lastUpd: null,
            modNum: null,
            owner: this.user,
            updatedBy: this.user,
            fields: values,
            base: null,
            state: 'created',
            origin: 'local',
            readOnly: false,
            changedAt: this.now(),
            pending: null,
        };
        await this.store.putRecords([record]);
        return record;
    }
    async update(objectType, localId, changes) {
        const object = this.object(objectType);
        const current = await this.editable(objectType, localId);
        for (const name of Object.keys(changes)) {
            if ((0, index_js_1.findField)(object, name)?.readOnly)
                throw new index_js_2.ProtocolError('INVALID_REQUEST', `${name} is read-only`, { field: name });
        }
        const merged = { ...current.fields };
        for (const [name, value] of Object.entries(checkFields(object, changes, false, true))) {
            if (value === null)
                delete merged[name];
            else
                merged[name] = value;
        }
        checkFields(object, merged, true);
        const record = {
            ...current,
            fields: merged,
            state: current.state === 'created' ? 'created' : 'updated',
            updatedBy: this.user,
            changedAt: this.now(),
        };
        await this.store.putRecords([record]);
        return record;
    }
    async delete(objectType, localId) {
        const current = await this.editable(objectType, localId);
        // A record never uploaded and with nothing in flight simply goes; otherwise the delete is uploaded.
        if (current.state === 'created' && current.pending === null) {
            await this.store.deleteRecords(objectType, [localId]);
            return;
        }
        await this.store.putRecords([{ ...current, state: 'deleted', changedAt: this.now() }]);
    }
    object(objectType) {
        const object = this.objects.find((o) => o.name === objectType);
        if (!object)
            throw new index_js_2.ProtocolError('INVALID_REQUEST', `Unknown object type "${objectType}"`, { objectType });
        return object;
    }
    async editable(objectType, localId) {
        const current = await this.store.getRecord(objectType, localId);
        if (!current || current.state === 'deleted')
            throw new index_js_2.ProtocolError('NOT_FOUND', `${objectType} ${localId} does not exist`, { objectType, localId });
        if (current.readOnly)
            throw new index_js_2.ProtocolError('FORBIDDEN', `This ${objectType} is shown read-only because it is outside your filters`, { objectType, localId });
        return current;
    }
}
exports.LocalEdits = LocalEdits;
/** The gateway's rules, applied before anything is stored, so a rep sees problems while typing, not at sync. */
function checkFields(object, fields, complete, keepNulls = false) {
    const problems = [];
    const out = {};
    for (const [name, raw] of Object.entries(fields)) {
        const field = (0, index_js_1.findField)(object, name);
        if (!field) {
            problems.push(`${object.name} has no field "${name}"`);
            continue;
        }
        const coerced = (0, index_js_1.coerceFieldValue)(field, raw);
        if (!coerced.ok)
            problems.push(coerced.reason);
        else if (coerced.value !== null || keepNulls)
            out[name] = coerced.value;
    }
    if (complete)
        for (const f of object.fields)
            if (f.required && (out[f.name] === undefined || out[f.name] === null))
                problems.push(`${f.name} is required`);
    if (problems.length > 0)
        throw new index_js_2.ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, { objectType: object.name, problems });
    return out;
}
//# sourceMappingURL=local-edits.js.map