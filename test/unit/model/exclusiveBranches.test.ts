import * as assert from 'assert';
import { readsOnOnePath } from '../../../server/src/model/exclusiveBranches';
import { MANY } from '../../../server/src/model/flow';

describe('readsOnOnePath', () => {
  const at = (...steps: Array<[number, number]>) => steps.map(([ifId, branch]) => ({ ifId, branch }));

  it('adds reads made one after another', () => {
    assert.strictEqual(readsOnOnePath([{ branches: [], count: 1 }, { branches: [], count: 2 }]), 3);
  });

  it('takes the most of the branches of one conditional, not their sum', () => {
    const threeArms = [1, 2, 3].map((branch) => ({ branches: at([7, branch]), count: 1 }));
    assert.strictEqual(readsOnOnePath(threeArms), 1);
    assert.strictEqual(readsOnOnePath([...threeArms, { branches: at([7, 2]), count: 1 }]), 2);
  });

  it('adds reads before, after and in separate conditionals', () => {
    assert.strictEqual(readsOnOnePath([{ branches: [], count: 1 }, { branches: at([1, 0]), count: 1 }, { branches: at([1, 1]), count: 1 }, { branches: at([2, 0]), count: 1 }]), 3);
  });

  it('follows nested conditionals', () => {
    const uses = [
      { branches: at([1, 0], [2, 0]), count: 1 },
      { branches: at([1, 0], [2, 1]), count: 1 },
      { branches: at([1, 0]), count: 1 },
      { branches: at([1, 1]), count: 1 },
    ];
    assert.strictEqual(readsOnOnePath(uses), 2);
  });

  it('keeps "many" many', () => {
    assert.strictEqual(readsOnOnePath([{ branches: at([1, 0]), count: MANY }, { branches: at([1, 1]), count: 1 }]), MANY);
  });
});
