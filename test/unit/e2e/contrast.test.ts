/** The colour arithmetic of the end-to-end contrast check (test/e2e/contrast.mjs), against WCAG's published examples. */
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { REPO_ROOT } from '../helpers/fixtures';

type Color = [number, number, number, number];
interface ContrastModule {
  parseColor(text: string): Color | undefined;
  blend(top: Color, bottom: Color): Color;
  contrastRatio(a: Color, b: Color): number;
}

describe('contrast check of the end-to-end suite', () => {
  let contrast: ContrastModule;
  before(async () => {
    contrast = (await import(pathToFileURL(path.join(REPO_ROOT, 'test/e2e/contrast.mjs')).href)) as ContrastModule;
  });

  it('reads computed and hex colours', () => {
    assert.deepStrictEqual(contrast.parseColor('rgb(31, 35, 40)'), [31, 35, 40, 1]);
    assert.deepStrictEqual(contrast.parseColor('rgba(0, 0, 0, 0.5)'), [0, 0, 0, 0.5]);
    assert.deepStrictEqual(contrast.parseColor('#fff'), [255, 255, 255, 1]);
    assert.deepStrictEqual(contrast.parseColor('#0000ff80'), [0, 0, 255, 128 / 255]);
    assert.deepStrictEqual(contrast.parseColor('transparent'), [0, 0, 0, 0]);
    assert.strictEqual(contrast.parseColor('var(--x)'), undefined);
  });

  it('gives WCAG ratios: 21 for black on white, 1 for equal colours, 4.48 for #777 on white (just under AA)', () => {
    const white: Color = [255, 255, 255, 1];
    assert.strictEqual(contrast.contrastRatio([0, 0, 0, 1], white), 21);
    assert.strictEqual(contrast.contrastRatio(white, white), 1);
    assert.strictEqual(Math.round(contrast.contrastRatio([0x77, 0x77, 0x77, 1], white) * 100) / 100, 4.48);
    // The High Contrast buttons: white text on a light grey.
    assert.ok(contrast.contrastRatio(white, [0xe6, 0xea, 0xef, 1]) < 1.3);
  });

  it('blends a translucent layer over what is behind it', () => {
    assert.deepStrictEqual(contrast.blend([0, 0, 0, 0.5], [255, 255, 255, 1]), [128, 128, 128, 1]);
  });
});
