import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// @ts-expect-error plain .mjs script without type declarations
import { ANGULAR_PATTERNS, checkModule } from '../scripts/check-module.mjs';

function write(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'dora-module-')), 'module.js');
  writeFileSync(file, text);
  return file;
}

const GOOD = `define(['exports','@grafana/data'],function(e,d){class DS{};e.plugin=new d.DataSourcePlugin(DS).setConfigEditor(function(){}).setQueryEditor(function(){}).setQueryEditorHelp(function(){});});`;

describe('check-module', () => {
  it('accepts an AMD module exporting plugin', () => {
    expect(checkModule(write(GOOD)).problems).toEqual([]);
  });
  it.each(ANGULAR_PATTERNS as string[])('rejects the Angular marker %s', (marker) => {
    const { problems } = checkModule(write(GOOD + `\n// ${marker}`));
    expect(problems.join()).toContain('Angular marker');
  });
  it('rejects non-AMD output, unknown dependencies and a missing plugin export', () => {
    expect(checkModule(write('export const plugin = 1;'.replace('export ', ''))).problems.join()).toContain('not an AMD module');
    expect(checkModule(write(GOOD.replace("'@grafana/data'", "'@grafana/data','left-pad'").replace('d){', 'd,l){'))).problems.join()).toContain("'left-pad'");
    expect(checkModule(write(`define(['exports'],function(e){e.other=1;});`)).problems.join()).toContain('no export named `plugin`');
  });
});
