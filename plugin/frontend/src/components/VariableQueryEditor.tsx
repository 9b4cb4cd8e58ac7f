import React, { useEffect, useMemo, useState } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, Input, Select } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { BUNDLED_CATALOG } from '../catalog';
import { checkVariableQuery, variableQueryText } from '../variableQuery';
import { Catalog, Dimension, DoraDataSourceOptions, DoraQuery, DoraVariableQuery } from '../types';
import { ValidationMessage } from './ValidationMessage';

const OPTIONS: Array<SelectableValue<Dimension>> = [
  { label: 'Services', value: 'service', description: 'Services with events in the time range' },
  { label: 'Teams', value: 'team', description: 'Teams with events in the time range' },
  { label: 'Environments', value: 'environment', description: 'Environments with events in the time range' },
];

type Props = QueryEditorProps<DataSource, DoraQuery, DoraDataSourceOptions, DoraVariableQuery>;

/** The conditions part of the catalog's example (`team in ($team)`), as the placeholder. */
function exampleWhere(catalog: Catalog): string {
  const m = /\bwhere\s+(.*)$/i.exec(catalog.variableQuery.example);
  return m ? m[1] : '';
}

/**
 * The variable query: a dimension and optional conditions over the other
 * dimensions (`team in ($team)` narrows services to the chosen teams). The
 * conditions are checked as typed (variableQuery.ts) and stored on blur, so
 * Grafana lists values once per edit, not per keystroke.
 */
export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const dimension = query?.dimension ?? 'service';
  const [where, setWhere] = useState(query?.where ?? '');
  const [catalog, setCatalog] = useState<Catalog>(BUNDLED_CATALOG);
  useEffect(() => {
    if (!query?.dimension) {
      onChange({ ...query, refId: query?.refId ?? 'variable', dimension: 'service' });
    }
    // Only store the default once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    let live = true;
    datasource?.getCatalog?.().then((c) => live && c.variableQuery && setCatalog(c));
    return () => {
      live = false;
    };
  }, [datasource]);

  const text = variableQueryText({ dimension, where });
  const checked = useMemo(() => checkVariableQuery(text, catalog), [text, catalog]);
  const store = (next: Partial<DoraVariableQuery>) => onChange({ ...query, dimension, where: where.trim() || undefined, ...next });

  return (
    <div data-testid="dora-variable-editor">
      <InlineField label="Values of" labelWidth={14} tooltip="The dimension whose values the variable lists">
        <Select
          aria-label="Variable dimension"
          width={30}
          options={OPTIONS}
          value={OPTIONS.find((o) => o.value === dimension)}
          onChange={(v) => store({ dimension: v.value ?? 'service' })}
        />
      </InlineField>
      <InlineField
        label="Where"
        labelWidth={14}
        grow
        tooltip="Conditions as in a query's where clause; other variables narrow the list (chained variables). Only values seen in the dashboard's time range are listed."
      >
        <Input
          aria-label="Variable conditions"
          value={where}
          placeholder={exampleWhere(catalog)}
          onChange={(e) => setWhere(e.currentTarget.value)}
          onBlur={() => store({})}
        />
      </InlineField>
      <ValidationMessage
        text={text}
        validation={
          checked.ok
            ? { valid: true }
            : {
                valid: false,
                error: {
                  message: checked.error.message,
                  position: checked.error.position,
                  length: checked.error.length,
                  suggestion: checked.error.suggestion || undefined,
                },
              }
        }
      />
    </div>
  );
}
