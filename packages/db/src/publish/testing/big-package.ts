import type { ConfigPackage, Field } from '@mainline/model';
import { configPackage, field, object } from './packages.ts';

/** `objects` × `fields` of varied types, each object referencing the one before: a publish with many statements. */
export function bigPackage(objects: number, fields: number): ConfigPackage {
  const types = ['text', 'number', 'currency', 'date', 'choice', 'boolean', 'datetime', 'multiChoice'] as const;
  return configPackage(
    Array.from({ length: objects }, (_, o) => {
      const list: Field[] = [field('name', 'text', { indexed: true })];
      for (let f = 1; f < fields; f++) list.push(f === 1 && o > 0 ? field('parent', 'reference', { target: `o${o - 1}` }) : field(`f${f}`, types[f % types.length]!, { indexed: f % 10 === 0 }));
      return object(`o${o}`, list);
    }),
    { id: 'big' },
  );
}
