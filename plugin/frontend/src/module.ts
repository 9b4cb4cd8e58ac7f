import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { QueryHelp } from './components/QueryHelp';
import { DataSource } from './datasource';
import { DoraDataSourceOptions, DoraQuery, DoraSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<DataSource, DoraQuery, DoraDataSourceOptions, DoraSecureJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryHelp);

/** The catalog bundled into this module (ctest frontend_catalog_matches_engine compares it with `dora catalog --json`). */
export { BUNDLED_CATALOG as catalog } from './catalog';
