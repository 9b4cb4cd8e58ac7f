import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, SelectableValue } from '@grafana/data';
import { Button, IconButton, InlineField, InlineFieldRow, InlineSwitch, MultiSelect, Select, useStyles2 } from '@grafana/ui';

import { BuilderFilter, BuilderModel, FilterOp, findMetric } from '../queryModel';
import { Catalog } from '../types';

interface Props {
  model: BuilderModel;
  catalog: Catalog;
  onChange: (model: BuilderModel) => void;
  loadValues: (dimension: string) => Promise<string[]>;
  variables: string[];
}

const OPS: Array<SelectableValue<FilterOp>> = [
  { label: '=', value: '=' },
  { label: '!=', value: '!=' },
  { label: 'in', value: 'in' },
  { label: 'not in', value: 'not in' },
];

const LABEL_WIDTH = 12;

function option(v: string, description?: string): SelectableValue<string> {
  return { label: v, value: v, description };
}

export function QueryBuilder({ model, catalog, onChange, loadValues, variables }: Props) {
  const styles = useStyles2(getStyles);
  const metric = findMetric(catalog, model.metric);
  const metricOptions = catalog.metrics.map((m) => option(m.name, m.description));
  const statOptions = catalog.stats.map((s) => option(s, s === catalog.defaultStat ? 'default' : undefined));
  const dimensionOptions = catalog.dimensions.map((d) => option(d));
  const intervalOptions = catalog.intervals.map((i) => option(i, i === 'auto' ? 'from the panel interval' : undefined));
  const windowOptions = catalog.windows.map((w) => option(w));
  const set = (patch: Partial<BuilderModel>) => onChange({ ...model, ...patch });
  // The clauses the metric's form takes (dora_score: by and where only).
  const takes = (m: typeof metric, clause: string) =>
    catalog.forms.find((f) => f.name === (m?.form ?? 'metric'))?.clauses.includes(clause) ?? true;
  const setFilter = (i: number, patch: Partial<BuilderFilter>) =>
    set({ filters: model.filters.map((f, j) => (j === i ? { ...f, ...patch } : f)) });

  return (
    <div data-testid="dora-query-builder">
      <InlineFieldRow>
        <InlineField label="Metric" labelWidth={LABEL_WIDTH}>
          <Select
            aria-label="Metric"
            width={28}
            options={metricOptions}
            value={model.metric || null}
            placeholder="Choose a metric"
            onChange={(v) => {
              const m = findMetric(catalog, v.value ?? '');
              set({
                metric: v.value ?? '',
                stat: m?.takesStat ? model.stat : undefined,
                every: takes(m, 'every') ? model.every : undefined,
                band: takes(m, 'band') ? model.band : false,
              });
            }}
          />
        </InlineField>
        <InlineField label="Stat" labelWidth={8} disabled={!metric?.takesStat} tooltip="Only for lead_time and recovery_time; p50 when not set">
          <Select
            aria-label="Stat"
            width={20}
            options={statOptions}
            value={model.stat ?? null}
            placeholder={metric?.takesStat ? `${catalog.defaultStat} (default)` : 'n/a'}
            isClearable
            allowCustomValue
            onChange={(v) => set({ stat: v?.value || undefined })}
          />
        </InlineField>
        <InlineField
          label="Every"
          labelWidth={8}
          disabled={!takes(metric, 'every')}
          tooltip="Time series bucket; leave empty for one value per group"
        >
          <Select
            aria-label="Every"
            width={16}
            options={intervalOptions}
            value={model.every ?? null}
            placeholder="none"
            isClearable
            allowCustomValue
            onChange={(v) => set(v?.value ? { every: v.value } : { every: undefined, rolling: undefined })}
          />
        </InlineField>
        <InlineField label="Rolling" labelWidth={8} disabled={!model.every} tooltip="Each point over the trailing window ending at its bucket's end">
          <Select
            aria-label="Rolling"
            width={16}
            options={windowOptions}
            value={model.rolling ?? null}
            placeholder="none"
            isClearable
            allowCustomValue
            onChange={(v) => set({ rolling: v?.value || undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="By" labelWidth={LABEL_WIDTH} tooltip="Group by these dimensions">
          <MultiSelect
            aria-label="Group by"
            width={28}
            options={dimensionOptions}
            value={model.by}
            placeholder="no grouping"
            onChange={(vs) => set({ by: vs.map((v) => v.value!).filter(Boolean) })}
          />
        </InlineField>
        <InlineField
          label="Band distribution"
          labelWidth={20}
          disabled={!takes(metric, 'band')}
          tooltip="Count units per band (Elite, High, Medium, Low)"
        >
          <InlineSwitch aria-label="Band distribution" value={model.band} onChange={(e) => set({ band: e.currentTarget.checked })} />
        </InlineField>
        <InlineField label="vs previous" labelWidth={14} tooltip="Add the value over the previous period of the same length and the change in percent">
          <InlineSwitch aria-label="vs previous" value={model.vsPrevious ?? false} onChange={(e) => set({ vsPrevious: e.currentTarget.checked })} />
        </InlineField>
      </InlineFieldRow>
      {model.filters.map((f, i) => (
        <InlineFieldRow key={i}>
          <InlineField label={i === 0 ? 'Where' : 'and'} labelWidth={LABEL_WIDTH}>
            <Select
              aria-label={`Filter ${i + 1} dimension`}
              width={16}
              options={dimensionOptions}
              value={f.dimension || null}
              onChange={(v) => setFilter(i, { dimension: v.value ?? '', values: [] })}
            />
          </InlineField>
          <Select
            aria-label={`Filter ${i + 1} operator`}
            width={10}
            options={OPS}
            value={f.op}
            onChange={(v) => {
              const op = v.value ?? '=';
              setFilter(i, { op, values: op === '=' || op === '!=' ? f.values.slice(0, 1) : f.values });
            }}
          />
          <FilterValues filter={f} index={i} loadValues={loadValues} variables={variables} onChange={(values) => setFilter(i, { values })} />
          <IconButton
            className={styles.remove}
            name="trash-alt"
            tooltip={`Remove filter ${i + 1}`}
            onClick={() => set({ filters: model.filters.filter((_, j) => j !== i) })}
          />
        </InlineFieldRow>
      ))}
      <InlineFieldRow>
        <InlineField label={model.filters.length === 0 ? 'Where' : ''} labelWidth={LABEL_WIDTH} transparent={model.filters.length > 0}>
          <Button
            variant="secondary"
            size="sm"
            icon="plus"
            className={styles.add}
            onClick={() => set({ filters: [...model.filters, { dimension: catalog.dimensions[0] ?? 'service', op: '=', values: [] }] })}
          >
            Filter
          </Button>
        </InlineField>
      </InlineFieldRow>
    </div>
  );
}

interface FilterValuesProps {
  filter: BuilderFilter;
  index: number;
  loadValues: (dimension: string) => Promise<string[]>;
  variables: string[];
  onChange: (values: string[]) => void;
}

function FilterValues({ filter, index, loadValues, variables, onChange }: FilterValuesProps) {
  // The values last loaded and the dimension they belong to: while another
  // dimension's values load, the list is empty and marked loading.
  const [loaded, setLoaded] = useState<{ dimension: string; values: string[] } | undefined>();
  useEffect(() => {
    let live = true;
    if (!filter.dimension) {
      return;
    }
    const dimension = filter.dimension;
    loadValues(dimension)
      .then((values) => live && setLoaded({ dimension, values }))
      .catch(() => live && setLoaded({ dimension, values: [] }));
    return () => {
      live = false;
    };
  }, [filter.dimension, loadValues]);
  const current = loaded !== undefined && loaded.dimension === filter.dimension;
  const known = current ? loaded.values : [];
  const loading = Boolean(filter.dimension) && !current;
  const options: Array<SelectableValue<string>> = [
    ...variables.map((v) => ({ label: '$' + v, value: '$' + v, description: 'dashboard variable' })),
    ...known.map((v) => option(v)),
  ];
  // Keep values that are not in the list (typed by hand) selectable.
  for (const v of filter.values) {
    if (!options.some((o) => o.value === v)) {
      options.push(option(v));
    }
  }
  const multi = filter.op === 'in' || filter.op === 'not in';
  return multi ? (
    <MultiSelect
      aria-label={`Filter ${index + 1} values`}
      width={40}
      options={options}
      value={filter.values}
      isLoading={loading}
      allowCustomValue
      placeholder="values"
      onChange={(vs) => onChange(vs.map((v) => v.value!).filter((v) => v !== undefined))}
    />
  ) : (
    <Select
      aria-label={`Filter ${index + 1} value`}
      width={40}
      options={options}
      value={filter.values[0] ?? null}
      isLoading={loading}
      allowCustomValue
      placeholder="value"
      onChange={(v) => onChange(v?.value !== undefined ? [v.value] : [])}
    />
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  remove: css({ alignSelf: 'center', margin: theme.spacing(0, 1) }),
  add: css({ alignSelf: 'center' }),
});
