// Maps the tsconfig path aliases (@vigil/*) to their source for jest.
const { compilerOptions } = require('../../tsconfig.base.json');
const path = require('path');

exports.pathsToModuleNameMapper = () =>
  Object.fromEntries(
    Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
      `^${alias.replace(/[/\\-]/g, (c) => '\\' + c)}$`,
      path.join(__dirname, '../..', target),
    ]),
  );
