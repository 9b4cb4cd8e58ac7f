/**
 * Tokenizer for the DORA query language (docs/query-language.md), used by the
 * builder parser, completion and variable handling. It never throws: an
 * unterminated string becomes a token of kind 'unterminated'.
 */
export type TokenKind = 'word' | 'string' | 'unterminated' | 'var' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  /** The text as written. */
  text: string;
  /** For strings: the value with '' unescaped; for words: the text. */
  value: string;
  /** 0-based offsets, end exclusive. */
  start: number;
  end: number;
}

/** A dashboard variable reference: $name, ${name}, ${name.path}, ${name:format}, [[name]], [[name:format]]. */
export interface VariableMatch {
  /** Full text of the reference. */
  text: string;
  name: string;
  fieldPath?: string;
  format?: string;
}

// Grafana's own variable syntaxes, restricted so that a reference never spans
// a quote (a quote always ends or starts a literal).
const BRACED = /\$\{(\w+)(?:\.([^:}'\n]+))?(?::([^}'\n]*))?\}/y;
const SIMPLE = /\$(\w+)/y;
const BRACKETS = /\[\[(\w+)(?::([^\]'\n]*))?\]\]/y;

export function matchVariableAt(text: string, pos: number): VariableMatch | undefined {
  const c = text[pos];
  if (c !== '$' && c !== '[') {
    return undefined;
  }
  for (const re of c === '$' ? [BRACED, SIMPLE] : [BRACKETS]) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m) {
      if (re === BRACED) {
        return { text: m[0], name: m[1], fieldPath: m[2], format: m[3] };
      }
      if (re === SIMPLE) {
        return { text: m[0], name: m[1] };
      }
      return { text: m[0], name: m[1], format: m[2] };
    }
  }
  return undefined;
}

/** True when `text` is exactly one variable reference. */
export function isVariableRef(text: string): boolean {
  const m = matchVariableAt(text, 0);
  return m !== undefined && m.text.length === text.length;
}

const WORD_CHAR = /[A-Za-z0-9_.\-/:]/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: closed ? 'string' : 'unterminated', text: text.slice(i, j), value, start: i, end: j });
      i = j;
      continue;
    }
    const v = matchVariableAt(text, i);
    if (v) {
      tokens.push({ kind: 'var', text: v.text, value: v.text, start: i, end: i + v.text.length });
      i += v.text.length;
      continue;
    }
    if (WORD_CHAR.test(c)) {
      let j = i;
      while (j < text.length && WORD_CHAR.test(text[j])) {
        j++;
      }
      const w = text.slice(i, j);
      tokens.push({ kind: 'word', text: w, value: w, start: i, end: j });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<>') {
      tokens.push({ kind: 'punct', text: two, value: two, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '=' || c === ',' || c === '(' || c === ')' || c === '*') {
      tokens.push({ kind: 'punct', text: c, value: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    tokens.push({ kind: 'other', text: c, value: c, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}
