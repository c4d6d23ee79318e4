import { describe, expect, it } from 'vitest';
import { actionLabel, changeLines } from '../../console/src/features/account-settings/audit-format.js';

const names = new Map([
  ['0b6f1f0e-0000-4000-8000-000000000001', 'Sal Sale'],
  ['0b6f1f0e-0000-4000-8000-000000000002', 'Support'],
]);

describe("the audit log's change lines (console)", () => {
  it('shows only what changed, with ids the reader can resolve as names', () => {
    expect(
      changeLines(
        {
          before: { id: 'x', name: 'Night line', defaultTeamId: null, createdAt: 't' },
          after: { id: 'x', name: 'Night line', defaultTeamId: '0b6f1f0e-0000-4000-8000-000000000002', createdAt: 't' },
        },
        names,
      ),
    ).toEqual(['default team: — → Support']);
    expect(
      changeLines({ before: { ownerId: null }, after: { ownerId: '0b6f1f0e-0000-4000-8000-000000000001' } }, names),
    ).toEqual(['owner: — → Sal Sale']);
  });

  it('reads a creation as its values and a removal as what was there', () => {
    expect(changeLines({ before: null, after: { name: 'VIP', memberIds: [] } }, names)).toEqual([
      'name: VIP',
      'members: none',
    ]);
    expect(changeLines({ before: { require2fa: true }, after: null }, names)).toEqual(['require 2FA: was on']);
    expect(changeLines({ before: null, after: null }, names)).toEqual([]);
  });

  it('names known actions and keeps unknown ones readable', () => {
    expect(actionLabel('channel.created')).toBe('Number added');
    expect(actionLabel('something.new')).toBe('something.new');
  });
});
