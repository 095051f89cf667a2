/** `thing-events` → `ThingEvents`: construct ids are PascalCase, manifest names kebab-case. */
export const pascalCase = (name: string): string =>
  name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
