/** The part of a zod issue that is worded: structural, so any zod version's issues fit. */
export interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** A record key's own issues (zod's invalid_key): their messages say what is wrong with the key. */
  readonly issues?: readonly { readonly message: string }[];
}

export interface ZodIssueFormat {
  /** Path segments put before every issue's own path, e.g. `['logging']` gives `logging.level: …`. */
  prefix?: readonly PropertyKey[];
  /** Names an issue whose full path is empty (default `(root)`), e.g. `body` or `(arguments)`. */
  root?: string;
}

export interface ZodIssueListFormat extends ZodIssueFormat {
  /** Joins the issues (default `; `). */
  separator?: string;
  /** Words at most this many issues; the rest are left out. */
  limit?: number;
}

/** Words each issue as `path.to.key: message`, the path dotted after `prefix`, `root` standing for an empty path. */
export function formatZodIssueLines(issues: readonly ZodIssueLike[], format: ZodIssueFormat = {}): string[] {
  const prefix = format.prefix ?? [];
  const root = format.root ?? '(root)';
  // String() per segment: joining an array that holds a symbol would throw.
  return issues.map((issue) => {
    const detail = issue.issues?.map((nested) => nested.message).join(', ');
    return `${[...prefix, ...issue.path].map(String).join('.') || root}: ${issue.message}${detail ? ` (${detail})` : ''}`;
  });
}

/** Words the issues as one string, each `path: message` as {@link formatZodIssueLines}, joined by `; ` by default. */
export function formatZodIssues(issues: readonly ZodIssueLike[], format: ZodIssueListFormat = {}): string {
  const kept = format.limit === undefined ? issues : issues.slice(0, format.limit);
  return formatZodIssueLines(kept, format).join(format.separator ?? '; ');
}
