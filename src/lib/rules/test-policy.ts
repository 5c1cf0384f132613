// Test helper: the shipped Ninghai policy, parsed, plus a way to derive variants without mutating it.
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { parsePolicy, type Policy } from './policy.ts';

export function ninghaiPolicy(): Policy {
  return parsePolicy(structuredClone(raw), 'ninghai-2021-2025.json');
}

export function policyWith(edit: (p: Record<string, unknown>) => void): Policy {
  const copy = structuredClone(raw) as unknown as Record<string, unknown>;
  edit(copy);
  return parsePolicy(copy, 'edited-policy.json');
}
