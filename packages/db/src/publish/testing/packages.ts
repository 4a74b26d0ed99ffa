import type { BusinessObject, ConfigPackage, Field, LocalizedText, View } from '@mainline/model';

/** Small, valid configuration packages for publish tests. */

export const label = (en: string): LocalizedText => ({ en, 'zh-CN': en });

export function field(id: string, type: Field['type'], extra: Record<string, unknown> = {}): Field {
  const options = type === 'choice' || type === 'multiChoice' ? { options: ['a', 'b', 'c'].map((value) => ({ value, label: label(value) })) } : {};
  return { id, type, label: label(id), ...options, ...extra } as Field;
}

export function object(id: string, fields: Field[], extra: Partial<BusinessObject> = {}): BusinessObject {
  return { id, label: label(id), titleField: fields[0]!.id, fields, ...extra };
}

export function configPackage(objects: BusinessObject[], extra: Partial<ConfigPackage> = {}): ConfigPackage {
  return { id: 'test', name: label('Test'), objects, roles: [], processes: [], views: [], ...extra };
}

export function listView(id: string, objectId: string, extra: Partial<View> = {}): View {
  return { id, kind: 'list', object: objectId, label: label(id), columns: [{ field: 'title' }], ...extra } as View;
}

/** A copy of `pkg` changed by `edit` (the original stays untouched). */
export function edited(pkg: ConfigPackage, edit: (draft: ConfigPackage) => void): ConfigPackage {
  const draft = structuredClone(pkg);
  edit(draft);
  return draft;
}

export function objectOf(pkg: ConfigPackage, id: string): BusinessObject {
  const found = pkg.objects.find((o) => o.id === id);
  if (!found) throw new Error(`no object ${id}`);
  return found;
}

export function fieldOf(pkg: ConfigPackage, objectId: string, fieldId: string): Field {
  const found = objectOf(pkg, objectId).fields.find((f) => f.id === fieldId);
  if (!found) throw new Error(`no field ${objectId}.${fieldId}`);
  return found;
}
