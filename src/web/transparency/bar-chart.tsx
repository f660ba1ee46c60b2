/**
 * A horizontal bar chart as inline SVG that fits any screen without scaling its text: the SVG is as
 * wide as its container (no viewBox), bars are placed in percentages of that width, and labels keep
 * their pixel size — so the same markup reads on a phone, on a desktop and on paper. Every text is a
 * JSX child, so hono/jsx escapes it. Colours are attributes (no style attributes: the page's CSP
 * allows only its own stylesheet).
 */
import type { FC } from "hono/jsx";

export interface BarSeries {
  name: string;
  colour: string;
}

export interface BarRow {
  label: string;
  /** One value per series. */
  values: number[];
  /** A colour for this row's bars instead of the series' (one-series charts of categories). */
  colour?: string;
}

export interface BarChartProps {
  /** What the chart shows, for screen readers (the figures are also in a table beside it). */
  title: string;
  series: BarSeries[];
  rows: BarRow[];
  /** Share of the width given to the row labels, in percent. */
  labelWidth?: number;
}

const BAR = 13;
const GAP = 2;
const ROW_PAD = 9;
/** Room kept right of the longest bar for its value. */
const VALUE_ROOM = 14;

const number = new Intl.NumberFormat("th-TH");
const pct = (value: number) => `${value.toFixed(2)}%`;

export const BarChart: FC<BarChartProps> = ({ title, series, rows, labelWidth = 24 }) => {
  const max = Math.max(1, ...rows.flatMap((row) => row.values));
  const span = 100 - labelWidth - VALUE_ROOM;
  const rowHeight = series.length * BAR + (series.length - 1) * GAP + ROW_PAD * 2;
  const height = rows.length * rowHeight;
  return (
    <svg
      class="chart"
      width="100%"
      height={height}
      role="img"
      aria-label={title}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      {rows.map((row, r) => {
        const top = r * rowHeight;
        const middle = top + rowHeight / 2;
        return (
          <g>
            {r > 0 ? <line x1="0" x2="100%" y1={top} y2={top} stroke="#E3E8EE" stroke-width="1" /> : null}
            <text x="0" y={middle} dy="0.35em" class="chart-label">
              {row.label}
            </text>
            {row.values.map((value, s) => {
              const y = top + ROW_PAD + s * (BAR + GAP);
              const width = (value / max) * span;
              return (
                <g>
                  <rect
                    x={pct(labelWidth)}
                    y={y}
                    width={pct(width)}
                    height={BAR}
                    rx="2"
                    fill={row.colour ?? series[s]?.colour ?? "#1F4F86"}
                  >
                    <title>{`${row.label} ${series[s]?.name ?? ""} ${number.format(value)}`}</title>
                  </rect>
                  <text x={pct(labelWidth + width)} dx="4" y={y + BAR / 2} dy="0.35em" class="chart-value">
                    {number.format(value)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
};

/** A progress bar for a percentage, drawn like the chart's bars. */
export const PercentBar: FC<{ percent: number; colour: string }> = ({ percent, colour }) => {
  const value = Math.max(0, Math.min(100, percent));
  return (
    <svg class="percent-bar" width="100%" height="8" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">
      <rect x="0" y="0" width="100%" height="8" rx="4" fill="#E3E8EE" />
      {value > 0 ? <rect x="0" y="0" width={`${value}%`} height="8" rx="4" fill={colour} /> : null}
    </svg>
  );
};
