import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

/** A JSON text kept with its syntax tree, so that JSON pointers can be mapped back to lines. */
export interface JsonSource {
  file: string;
  text: string;
  tree: Node | undefined;
  value: unknown;
}

export interface JsonSyntaxError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function parseJsonSource(file: string, text: string): { ok: true; source: JsonSource } | { ok: false; errors: JsonSyntaxError[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0 || !tree) {
    return {
      ok: false,
      errors: (errors.length ? errors : [{ error: 4, offset: 0, length: 0 } as ParseError]).map((e) => ({
        file,
        ...lineColumn(text, e.offset),
        message: describeParseError(printParseErrorCode(e.error)),
      })),
    };
  }
  return { ok: true, source: { file, text, tree, value: JSON.parse(text) as unknown } };
}

/** 1-based line and column of the value at a JSON pointer inside the source, or of the nearest parent that exists. */
export function locatePointer(source: JsonSource, pointer: string): { line: number; column: number } | undefined {
  if (!source.tree) return undefined;
  const path = pointer === '' ? [] : pointer.slice(1).split('/').map(decodeToken);
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(source.tree, path.slice(0, depth));
    if (node) {
      const target = node.parent?.type === 'property' && depth === path.length ? node.parent : node;
      return lineColumn(source.text, target.offset);
    }
  }
  return undefined;
}

function decodeToken(token: string): string | number {
  const text = token.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^(0|[1-9]\d*)$/.test(text) ? Number(text) : text;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const messages: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'end of file expected (trailing text)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unexpected end of comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function describeParseError(code: string): string {
  return messages[code] ?? code;
}
