import { Scalar } from 'yaml';

const plainSafe = /^[A-Za-z0-9_][A-Za-z0-9_ ./()-]*$/;

/** A YAML scalar for `value` in the quoting style of the scalar it replaces. */
export function yamlScalarText(value: string, style: Scalar.Type | undefined): string {
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  const plainOk = plainSafe.test(value) && !/\s$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[-+]?\d[\d._]*)$/i.test(value);
  if ((style === undefined || style === Scalar.PLAIN) && plainOk) return value;
  return JSON.stringify(value);
}
