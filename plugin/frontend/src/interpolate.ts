/**
 * Safe dashboard-variable interpolation for the DORA query language.
 *
 * Rules (the query language has no other way to carry a value than a
 * literal, so every substitution produces literals):
 *  - Outside a quoted literal a variable becomes a quoted literal ('a''b');
 *    a multi-value (or All) selection becomes a comma-separated list of quoted
 *    literals, so dashboards write `where service in ($service)`. Right after
 *    `=` a selection of two or more values becomes an `in` list instead
 *    (`service = $service` -> `service in ('a', 'b')`), after `!=` / `<>` a
 *    `not in` list; one value stays `= 'a'`. An empty multi-value selection
 *    becomes the empty literal '' (matches nothing).
 *  - Inside a quoted literal the value is inserted with every quote doubled;
 *    several values are joined with ','.
 *  - The `:format` of ${var:format} / [[var:format]] is ignored: whatever the
 *    format (csv, raw, regex, json, ...), the result is the same safe literal,
 *    so no variable value can change the structure of a query.
 *  - "All" with the variable's custom all value `*` (what the shipped
 *    dashboards use) becomes the language's unquoted any-value wildcard `*`:
 *    `team in ($team)` -> `team in (*)`, which keeps every row, those without
 *    a team included. Without a custom all value, All is the list of every
 *    value; any other custom all value (e.g. `.*`) is used as one literal.
 *  - Variables only ever produce values: `every $interval` becomes
 *    `every '1d'`, which the language rejects (use `every auto`).
 *  - Variables the lookup does not know stay exactly as written.
 *  - Substituted text is never scanned again, so values containing `$x`,
 *    quotes or parentheses are inert.
 */
import { matchVariableAt, VariableMatch } from './lexer';

/** The lookup's answer for a variable whose selection is "All" with the custom all value `*`. */
export const ANY_VALUE: unique symbol = Symbol('any value');
export type VariableValues = string | string[] | typeof ANY_VALUE;
/** Returns the variable's current value(s), or undefined for an unknown variable. */
export type VariableLookup = (ref: VariableMatch) => VariableValues | undefined;

export function quoteLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

function escapeInLiteral(value: string): string {
  return value.replace(/'/g, "''");
}

/**
 * What replaces a reference: its text, or undefined to keep it as written.
 * `takeBack` also removes that many characters of the output emitted just
 * before the reference (interpolateQuery's operator rewrite).
 */
export type Replacement = string | { text: string; takeBack: number } | undefined;

/**
 * Calls `visit` for each variable reference, telling whether it is inside a
 * quoted literal and passing the output emitted so far.
 */
export function scanVariables(
  text: string,
  visit: (ref: VariableMatch, start: number, inLiteral: boolean, emitted: string) => Replacement
): string {
  let out = '';
  let inLiteral = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'") {
      if (inLiteral && text[i + 1] === "'") {
        out += "''";
        i += 2;
        continue;
      }
      inLiteral = !inLiteral;
      out += c;
      i++;
      continue;
    }
    const ref = matchVariableAt(text, i);
    if (ref) {
      const replacement = visit(ref, i, inLiteral, out);
      if (typeof replacement === 'object') {
        out = out.slice(0, out.length - replacement.takeBack) + replacement.text;
      } else {
        out += replacement === undefined ? ref.text : replacement;
      }
      i += ref.text.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A comparison operator (and the spaces around it) at the end of the text emitted so far. */
const TRAILING_COMPARISON = /\s*(!=|<>|=)\s*$/;

export function interpolateQuery(text: string, lookup: VariableLookup): string {
  return scanVariables(text, (ref, _start, inLiteral, emitted): Replacement => {
    const found = lookup(ref);
    if (found === undefined) {
      return undefined;
    }
    if (found === ANY_VALUE) {
      return '*';
    }
    const values = (Array.isArray(found) ? found : [found]).map((v) => (v === null || v === undefined ? '' : String(v)));
    if (inLiteral) {
      return values.map(escapeInLiteral).join(',');
    }
    if (values.length === 0) {
      return "''";
    }
    const list = values.map(quoteLiteral).join(', ');
    const comparison = values.length > 1 ? TRAILING_COMPARISON.exec(emitted) : null;
    if (comparison) {
      // `service = $multi`: one value per condition is all `=` takes, so the
      // condition becomes the list form the language has for several values.
      return { text: ` ${comparison[1] === '=' ? 'in' : 'not in'} (${list})`, takeBack: comparison[0].length };
    }
    return list;
  });
}

/**
 * Replaces known variables by placeholders of exactly the same length, so the
 * backend can validate a dashboard query and its error positions still point
 * into the text the user typed. Outside a literal: 'xxxx'; inside: xxxx.
 */
export function maskVariables(text: string, isKnown: (name: string) => boolean): string {
  return scanVariables(text, (ref, _start, inLiteral) => {
    if (!isKnown(ref.name)) {
      return undefined;
    }
    const n = ref.text.length;
    return inLiteral ? 'x'.repeat(n) : "'" + 'x'.repeat(Math.max(0, n - 2)) + "'";
  });
}
