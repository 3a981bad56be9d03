import { describe, expect, it } from 'vitest';
import { isCatalogueLoaded, loadCatalogue, readLanguage, translate } from './index.tsx';

describe('lazy English catalogue', () => {
  it('is not loaded with the module; Indonesian is, and stands in until English arrives', async () => {
    expect(isCatalogueLoaded('id')).toBe(true);
    expect(isCatalogueLoaded('en')).toBe(false);
    expect(translate('en', 'nav.home')).toBe('Beranda');
    const first = loadCatalogue('en');
    expect(loadCatalogue('en')).toBe(first); // one chunk request, however often it is asked for
    await first;
    expect(isCatalogueLoaded('en')).toBe(true);
    expect(translate('en', 'nav.home')).toBe('Home');
    expect(translate('id', 'nav.home')).toBe('Beranda');
  });

  it('reads the stored language, Indonesian by default', () => {
    expect(readLanguage()).toBe('id');
  });
});
