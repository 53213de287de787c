import {describe, expect, it} from 'vitest';
import {projectSlug, slugPrefix} from './slug.js';

describe('projectSlug', () => {
  it('turns every character outside [A-Za-z0-9] into a dash, runs kept', () => {
    expect(projectSlug('/home/dev/work/my_app.v2')).toBe('-home-dev-work-my-app-v2');
    expect(projectSlug('/Users/a/.local')).toBe('-Users-a--local');
    expect(projectSlug('C:\\Users\\x\\proj')).toBe('C--Users-x-proj');
    expect(projectSlug('/Users/x/AI-Outreach/.brand-research')).toBe('-Users-x-AI-Outreach--brand-research');
  });

  it('gives one dash per UTF-16 unit: Cyrillic one each, an emoji two', () => {
    expect(projectSlug('/d/Проект')).toBe('-d-------');
    expect(projectSlug('/d/café')).toBe('-d-caf-');
    expect(projectSlug('/d/🚀x')).toBe('-d---x');
    expect(projectSlug('/d/🚀')).toHaveLength(5);
  });

  it('cuts long paths at 200 characters and appends a hash of the path', () => {
    const long = `/${'a'.repeat(250)}`;
    const slug = projectSlug(long);
    expect(slug.startsWith(`-${'a'.repeat(199)}-`)).toBe(true);
    expect(slug).toMatch(/^-a{199}-[0-9a-z]+$/);
    expect(projectSlug(`/${'a'.repeat(249)}b`)).not.toBe(slug);
    expect(slugPrefix(slug)).toBe(`-${'a'.repeat(199)}-`);
    expect(slugPrefix('-short')).toBe('-short');
  });
});
