/**
 * Tokenizer for the DORA query language (docs/query-language.md), with the
 * engine's token rules (src/query/lexer.cc): words start with a letter or `_`
 * and continue with letters, digits and `_ . - / :`; numbers start with a
 * digit and continue with letters, digits and dots; strings are single-quoted
 * with '' for a quote; `!=`, `<>`, `=`, `,`, `(`, `)`, `*` are punctuation.
 * Used by the parser (queryParser.ts), completion and interpolation. It never
 * throws: an unterminated string becomes a token of kind 'unterminated', a
 * character the language does not have one of kind 'other' (the parser reports
 * both), and a dashboard variable reference one of kind 'var'.
 */
export type TokenKind = 'word' | 'number' | 'string' | 'unterminated' | 'var' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  /** The text as written. */
  text: string;
  /** For strings: the value with '' unescaped; otherwise the text. */
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

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_.\-/:]/;
const NUMBER_CHAR = /[A-Za-z0-9.]/;
/** The engine's whitespace (ASCII only, as absl::ascii_isspace). */
const SPACE = /[ \t\n\v\f\r]/;

function run(text: string, from: number, re: RegExp): number {
  let j = from;
  while (j < text.length && re.test(text[j])) {
    j++;
  }
  return j;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)) =>
    tokens.push({ kind, text: text.slice(start, end), value, start, end });
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (SPACE.test(c)) {
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
      push(closed ? 'string' : 'unterminated', i, j, value);
      i = j;
      continue;
    }
    const v = matchVariableAt(text, i);
    if (v) {
      push('var', i, i + v.text.length);
      i += v.text.length;
      continue;
    }
    if (WORD_START.test(c) || /[0-9]/.test(c)) {
      const word = WORD_START.test(c);
      const j = run(text, i + 1, word ? WORD_CHAR : NUMBER_CHAR);
      push(word ? 'word' : 'number', i, j);
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '!=' || two === '<>') {
      push('punct', i, i + 2);
      i += 2;
      continue;
    }
    if (c === '=' || c === ',' || c === '(' || c === ')' || c === '*') {
      push('punct', i, i + 1);
      i++;
      continue;
    }
    // One character (a surrogate pair is one).
    const end = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    push('other', i, end);
    i = end;
  }
  return tokens;
}
