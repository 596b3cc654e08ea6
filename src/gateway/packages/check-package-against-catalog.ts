import { findField, findObject, type CustomizationPackage, type ObjectCatalog, type PackageProblem } from '../../metadata/index.js';

/**
 * A package may only describe what the server stores: every object and field
 * must exist in the gateway's catalog with the same type and reference, and a
 * package may not allow longer values than the server keeps. Otherwise a rep
 * could type a record the gateway would refuse at every sync.
 */
export function checkPackageAgainstCatalog(pkg: CustomizationPackage, catalog: ObjectCatalog): PackageProblem[] {
  const problems: PackageProblem[] = [];
  for (const object of pkg.objects) {
    const path = `objects/object[@name='${object.name}']`;
    const server = findObject(catalog, object.name);
    if (!server) {
      problems.push({ file: 'objects.xml', path, reason: `the gateway stores no object type "${object.name}"` });
      continue;
    }
    for (const field of object.fields) {
      const fieldPath = `${path}/field[@name='${field.name}']`;
      const serverField = findField(server, field.name);
      if (!serverField) {
        problems.push({ file: 'objects.xml', path: fieldPath, reason: `the gateway's ${object.name} has no field "${field.name}"` });
        continue;
      }
      if (serverField.type !== field.type) {
        problems.push({
          file: 'objects.xml',
          path: fieldPath,
          reason: `type is ${field.type} here but ${serverField.type} on the gateway`,
        });
      }
      if (field.type === 'reference' && serverField.references !== field.references) {
        problems.push({
          file: 'objects.xml',
          path: fieldPath,
          reason: `refers to ${field.references ?? 'nothing'} here but to ${serverField.references ?? 'nothing'} on the gateway`,
        });
      }
      if (serverField.maxLength !== undefined && (field.maxLength === undefined || field.maxLength > serverField.maxLength)) {
        problems.push({
          file: 'objects.xml',
          path: fieldPath,
          reason: `length must be at most ${serverField.maxLength}, the gateway's limit`,
        });
      }
      if (serverField.required && !field.required) {
        problems.push({
          file: 'objects.xml',
          path: fieldPath,
          reason: `must be required: the gateway refuses records without ${field.name}`,
        });
      }
    }
    for (const serverField of server.fields) {
      if (serverField.required && !object.fields.some((f) => f.name === serverField.name)) {
        problems.push({ file: 'objects.xml', path, reason: `lacks the field ${serverField.name}, which the gateway requires` });
      }
    }
  }
  return problems;
}
