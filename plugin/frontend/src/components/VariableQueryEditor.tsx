import React, { useEffect } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, Select } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { Dimension, DoraDataSourceOptions, DoraQuery, DoraVariableQuery } from '../types';

const OPTIONS: Array<SelectableValue<Dimension>> = [
  { label: 'Services', value: 'service', description: 'Every service with delivery events' },
  { label: 'Teams', value: 'team', description: 'Every team that owns a service' },
  { label: 'Environments', value: 'environment', description: 'Every environment deployed to' },
];

type Props = QueryEditorProps<DataSource, DoraQuery, DoraDataSourceOptions, DoraVariableQuery>;

export function VariableQueryEditor({ query, onChange }: Props) {
  const dimension = query?.dimension ?? 'service';
  useEffect(() => {
    if (!query?.dimension) {
      onChange({ ...query, refId: query?.refId ?? 'variable', dimension: 'service' });
    }
    // Only store the default once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <InlineField label="Values of" labelWidth={14} tooltip="The dimension whose values the variable lists">
      <Select
        aria-label="Variable dimension"
        width={30}
        options={OPTIONS}
        value={OPTIONS.find((o) => o.value === dimension)}
        onChange={(v) => onChange({ ...query, dimension: v.value ?? 'service' })}
      />
    </InlineField>
  );
}
