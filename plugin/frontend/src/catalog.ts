/**
 * The catalog this bundle was built with: `dora catalog --json`, written into
 * src/generated/catalog.json by the build (plugin/frontend/CMakeLists.txt).
 * The editors use the backend's `catalog` resource when it answers and this
 * copy otherwise; both come from the same C++ function. ctest
 * frontend_catalog_matches_engine checks the file and the copy inside
 * module.js against the binary.
 */
import generated from './generated/catalog.json';
import { Catalog } from './types';

export const BUNDLED_CATALOG: Catalog = generated as Catalog;
