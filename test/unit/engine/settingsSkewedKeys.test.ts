import * as assert from 'assert';
import { normalizeSettings } from '../../../server/src/engine/settings';

describe('sparkAdvisor.skewedKeys: names, or names with their dominant values', () => {
  it('reads a list of names as before', () => {
    const settings = normalizeSettings({ skewedKeys: ['customer_id', 3, 'device_id'] });
    assert.deepStrictEqual(settings.skewedKeys, ['customer_id', 'device_id']);
    assert.deepStrictEqual(settings.skewedKeyValues, {});
  });

  it('reads an object of names to dominant values, alone or inside the list', () => {
    const settings = normalizeSettings({ skewedKeys: ['user_id', { Locale: ['en-US', 7, null], country: 'US', tenant: [] }] });
    assert.deepStrictEqual(settings.skewedKeys, ['user_id', 'Locale', 'country', 'tenant']);
    assert.deepStrictEqual(settings.skewedKeyValues, { locale: ['en-US', '7'], country: ['US'] });
    assert.deepStrictEqual(normalizeSettings({ skewedKeys: { locale: ['en-US'] } }).skewedKeyValues, { locale: ['en-US'] });
  });

  it('leaves out what is neither', () => {
    const settings = normalizeSettings({ skewedKeys: 'locale' });
    assert.deepStrictEqual(settings.skewedKeys, ['locale']);
    assert.deepStrictEqual(normalizeSettings({ skewedKeys: [[1], true] }).skewedKeys, []);
  });

  it('keeps names that are also Object members as plain keys (a hostile or unlucky settings file)', () => {
    const raw = JSON.parse('{"skewedKeys": [{"__proto__": ["x"], "constructor": ["c"], "toString": 1}, {"constructor": ["d"]}]}');
    const settings = normalizeSettings(raw);
    assert.deepStrictEqual(settings.skewedKeys, ['__proto__', 'constructor', 'toString']);
    assert.strictEqual(Object.getPrototypeOf(settings.skewedKeyValues), Object.prototype);
    assert.deepStrictEqual(Object.entries(settings.skewedKeyValues), [
      ['__proto__', ['x']],
      ['constructor', ['c', 'd']],
      ['tostring', ['1']],
    ]);
  });
});
