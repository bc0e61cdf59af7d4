import { describe, expect, it } from 'vitest';
import { findRoute, matchPath, pathFor } from './router';

describe('matchPath', () => {
  it('matches the home page', () => {
    expect(matchPath('', '/')).toEqual({});
    expect(matchPath('', '')).toEqual({});
    expect(matchPath('', '/campaigns')).toBeNull();
  });

  it('captures and decodes params, ignoring trailing slashes', () => {
    expect(matchPath('join/:code', '/join/abc-DEF_1')).toEqual({ code: 'abc-DEF_1' });
    expect(matchPath('campaigns/:campaignId/:tab', '/campaigns/a%20b/notes/')).toEqual({ campaignId: 'a b', tab: 'notes' });
  });

  it('needs every literal segment and the same number of segments', () => {
    expect(matchPath('join/:code', '/invite/abc')).toBeNull();
    expect(matchPath('join/:code', '/join')).toBeNull();
    expect(matchPath('join/:code', '/join/abc/extra')).toBeNull();
  });

  it('refuses malformed percent-encoding instead of throwing', () => {
    expect(matchPath('join/:code', '/join/%E0%A4%A')).toBeNull();
  });
});

describe('pathFor', () => {
  it('builds an encoded path from a pattern', () => {
    expect(pathFor('')).toBe('/');
    expect(pathFor('campaigns/:campaignId/:tab', { campaignId: 'a/b', tab: 'notes' })).toBe('/campaigns/a%2Fb/notes');
  });

  it('round-trips with matchPath', () => {
    const params = { campaignId: 'x y/z', tab: 'gm' };
    expect(matchPath('campaigns/:campaignId/:tab', pathFor('campaigns/:campaignId/:tab', params))).toEqual(params);
  });

  it('throws on a missing param (a programming error)', () => {
    expect(() => pathFor('join/:code')).toThrow(/missing param :code/);
  });
});

describe('findRoute', () => {
  const routes = [
    { id: 'home', path: '' },
    { id: 'join', path: 'join/:code' },
    { id: 'invite', path: 'invite/:code' },
  ];

  it('returns the first matching route with its params', () => {
    expect(findRoute(routes, '/join/xyz')).toEqual({ route: routes[1], params: { code: 'xyz' } });
    expect(findRoute(routes, '/')).toEqual({ route: routes[0], params: {} });
  });

  it('returns null for an unknown path (the not-found view)', () => {
    expect(findRoute(routes, '/nowhere')).toBeNull();
  });
});
