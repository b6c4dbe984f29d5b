/** Formats a key path the way every config message shows it: `models.providers.openai.models[0].id`; "" is the whole file. */
export function formatConfigPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Appends an object key to a formatted path. */
export function joinConfigKey(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** Appends an array index to a formatted path. */
export function joinConfigIndex(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Splits a formatted key path (`models.providers.x.models[0].id`) back into its segments. */
export function parseConfigPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
  }
  return segments;
}
