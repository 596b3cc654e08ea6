import { ProtocolError } from '../../protocol/index.js';
import { findObject, type ObjectCatalog, type ObjectDefinition } from '../../metadata/index.js';

export function requireObject(catalog: ObjectCatalog, objectType: string): ObjectDefinition {
  const object = findObject(catalog, objectType);
  if (!object) {
    throw new ProtocolError('INVALID_REQUEST', `Unknown object type "${objectType}"`, {
      objectType,
      known: catalog.objects.map((o) => o.name),
    });
  }
  return object;
}
