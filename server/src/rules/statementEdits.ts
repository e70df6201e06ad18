import type { Span, Stmt } from '../syntax/ast';
import type { Binding, Use } from '../model/types';
import { deleteLines, insertText } from './fixSyntax';
import type { TextEdit } from './types';

/** A new statement on the line after `statement`, at its indentation. */
export function insertStatementAfter(statement: { span: Span }, text: string): TextEdit {
  const indent = ' '.repeat(statement.span.start.character);
  return insertText({ line: statement.span.end.line + 1, character: 0 }, `${indent}${text}\n`);
}

export function deleteStatement(statement: Stmt): TextEdit {
  return deleteLines(statement.span.start.line, statement.span.end.line);
}

/** Whether a use sits directly in the binding's own block (same loops and branches), so code can follow it there. */
export function inSameBlock(use: Use, binding: Binding): boolean {
  const sameLoops = use.loops.length === binding.loops.length && use.loops.every((loop, i) => loop.id === binding.loops[i]!.id);
  const sameBranches = use.branches.length === binding.branches.length && use.branches.every((b, i) => b.ifId === binding.branches[i]!.ifId && b.branch === binding.branches[i]!.branch);
  return sameLoops && sameBranches && use.statement.kind !== 'return' && use.binding.scope.id === binding.scope.id;
}

/**
 * Where code can go once `use` is done, in the binding's own block: after the use's statement, or
 * after the outermost `for`/`while` loop around it when the use sits in a loop of that block.
 */
export function statementAfterUse(use: Use, binding: Binding): { span: Span } | undefined {
  if (inSameBlock(use, binding)) return use.statement;
  if (use.statement.kind === 'return' || use.binding.scope.id !== binding.scope.id) return undefined;
  const outer = use.loops[binding.loops.length];
  const inLoopOfBlock = outer !== undefined && binding.loops.every((loop, i) => loop.id === use.loops[i]!.id);
  // A branch inside the loop or a loop inside a branch: we cannot tell which, so stay out.
  const sameBranches = use.branches.length === binding.branches.length && use.branches.every((b, i) => b.ifId === binding.branches[i]!.ifId && b.branch === binding.branches[i]!.branch);
  if (!inLoopOfBlock || !sameBranches || (outer.kind !== 'for' && outer.kind !== 'while')) return undefined;
  return { span: outer.span };
}
