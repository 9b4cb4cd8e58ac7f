/**
 * The visualizations of the panel types the shipped dashboards use, drawn
 * with @grafana/ui's components the way Grafana's own panels (stat,
 * bargauge, table, timeseries, text) feed them. Each takes frames that have
 * been through the panel's transformations and applyFieldOverrides.
 */
import React from 'react';
import {
  DataFrame, DisplayValueAlignmentFactors, FieldConfigSource, FieldDisplay, FieldType, InterpolateFunction, TimeRange, getDisplayValueAlignmentFactors,
  getFieldDisplayValues, renderTextPanelMarkdown,
} from '@grafana/data';
import {
  BarGauge, BigValue, BigValueColorMode, BigValueGraphMode, BigValueJustifyMode, BigValueTextMode, Table, TimeSeries,
  VizRepeater, useTheme2,
} from '@grafana/ui';

export interface PanelJSON {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ refId: string; expr: string }>;
  transformations?: Array<{ id: string; options: any }>;
  fieldConfig: FieldConfigSource;
  options: any;
  collapsed?: boolean;
  panels?: PanelJSON[];
}

export interface VizProps {
  panel: PanelJSON;
  frames: DataFrame[];
  width: number;
  height: number;
  timeRange: TimeRange;
  replaceVariables: InterpolateFunction;
}

/** What Grafana's panels show without data: the panel's noValue, else "No data". */
export function NoData({ panel }: { panel: PanelJSON }) {
  const theme = useTheme2();
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', color: theme.colors.text.secondary }}>
      {panel.fieldConfig.defaults.noValue ?? 'No data'}
    </div>
  );
}

const hasRows = (frames: DataFrame[]) => frames.some((f) => f.length > 0 && f.fields.length > 0);

/** The stat panel: one BigValue per reduced field. */
function Stat({ panel, frames, width, height, replaceVariables }: VizProps) {
  const theme = useTheme2();
  const o = panel.options;
  const getValues = () => getFieldDisplayValues({
    fieldConfig: panel.fieldConfig, reduceOptions: o.reduceOptions, replaceVariables, theme, data: frames,
    sparkline: o.graphMode !== BigValueGraphMode.None, timeZone: 'utc',
  });
  return (
    <VizRepeater<FieldDisplay, DisplayValueAlignmentFactors>
      source={frames}
      renderCounter={0}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={(v) => (
        <BigValue
          value={v.value.display}
          count={v.count}
          colorMode={o.colorMode as BigValueColorMode}
          graphMode={o.graphMode as BigValueGraphMode}
          justifyMode={o.justifyMode as BigValueJustifyMode}
          textMode={o.textMode as BigValueTextMode}
          alignmentFactors={v.alignmentFactors}
          text={o.text}
          width={v.width}
          height={v.height}
          theme={theme}
          disableWideLayout={!o.wideLayout}
        />
      )}
      width={width}
      height={height}
      itemSpacing={3}
      autoGrid={true}
      orientation={o.orientation}
      minVizWidth={o.minVizWidth ?? 75}
      minVizHeight={o.minVizHeight ?? 75}
      maxVizHeight={o.maxVizHeight}
    />
  );
}

/** The bar gauge panel: one bar per reduced value (per row with "All values"). */
function Bars({ panel, frames, width, height, replaceVariables }: VizProps) {
  const theme = useTheme2();
  const o = panel.options;
  const getValues = () => getFieldDisplayValues({
    fieldConfig: panel.fieldConfig, reduceOptions: o.reduceOptions, replaceVariables, theme, data: frames, timeZone: 'utc',
  });
  const itemSpacing = o.displayMode === 'lcd' ? 2 : 10;
  return (
    <VizRepeater<FieldDisplay, DisplayValueAlignmentFactors>
      source={frames}
      renderCounter={0}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderValue={(v) => (
        <BarGauge
          value={v.value.display}
          width={v.width}
          height={v.height}
          orientation={v.orientation}
          field={v.value.field}
          text={o.text}
          display={v.value.view && v.value.colIndex !== undefined ? v.value.view.getFieldDisplayProcessor(v.value.colIndex) : undefined}
          theme={theme}
          itemSpacing={itemSpacing}
          displayMode={o.displayMode}
          alignmentFactors={v.count > 1 ? v.alignmentFactors : undefined}
          showUnfilled={o.showUnfilled}
          valueDisplayMode={o.valueMode}
          namePlacement={o.namePlacement}
        />
      )}
      width={width}
      height={height}
      minVizWidth={o.minVizWidth}
      minVizHeight={o.minVizHeight}
      maxVizHeight={o.maxVizHeight}
      itemSpacing={itemSpacing}
      orientation={o.orientation}
    />
  );
}

/** The table panel: the first frame (the dashboards join theirs into one). */
function TableViz({ panel, frames, width, height, timeRange }: VizProps) {
  const o = panel.options;
  return (
    <Table
      data={frames[0]}
      width={width}
      height={height}
      noHeader={!o.showHeader}
      showTypeIcons={false}
      resizable={false}
      initialSortBy={o.sortBy}
      footerOptions={o.footer}
      enablePagination={false}
      cellHeight={o.cellHeight}
      timeRange={timeRange}
    />
  );
}

/** The time series panel: frames with a time field and numbers, legend as configured. */
function TimeSeriesViz({ panel, frames, width, height, timeRange }: VizProps) {
  const graphable = frames
    .map((f) => ({ ...f, fields: f.fields.filter((x) => x.type === FieldType.time || x.type === FieldType.number) }))
    .filter((f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number));
  if (graphable.length === 0) {
    return <NoData panel={panel} />;
  }
  return (
    <TimeSeries frames={graphable} structureRev={1} timeRange={timeRange} timeZone="utc" width={width} height={height} legend={panel.options.legend} options={panel.options}>
      {() => null}
    </TimeSeries>
  );
}

/** The text panel in markdown mode, variables replaced. */
function Text({ panel, replaceVariables }: VizProps) {
  const html = renderTextPanelMarkdown(replaceVariables(panel.options.content ?? ''));
  return <div className="markdown-html" style={{ height: '100%', overflow: 'hidden' }} dangerouslySetInnerHTML={{ __html: html }} />;
}

const VIZ: Record<string, (p: VizProps) => React.ReactElement> = {
  stat: Stat, bargauge: Bars, table: TableViz, timeseries: TimeSeriesViz, text: Text,
};

export function isKnownType(type: string): boolean {
  return type in VIZ;
}

export function Viz(props: VizProps) {
  const Chosen = VIZ[props.panel.type];
  // Stat and bar gauge draw their noValue themselves; the others need data.
  if (props.panel.type !== 'text' && props.panel.type !== 'stat' && props.panel.type !== 'bargauge' && !hasRows(props.frames)) {
    return <NoData panel={props.panel} />;
  }
  return <Chosen {...props} />;
}
