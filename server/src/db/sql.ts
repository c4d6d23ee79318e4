/**
 * An array parameter for raw SQL (`= any(?::uuid[])`). The driver expands a JS array binding into a
 * comma-separated list, which is right for `in (?)` and wrong for a single array value.
 */
export const pgArray = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
