package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Charts are drawn with gonum/plot on its SVG canvas and inlined in the page. All charts of a
// report share one x axis — one slot per day, day i centred on x = i — so that they line up.

const (
	chartWidth  vg.Length = 430              // points: about 570 px at 96 dpi, two charts side by side
	wideWidth   vg.Length = 2*chartWidth + 9 // a chart across the page
	chartHeight vg.Length = 170
	textSize    vg.Length = 8.5
)

// dayAxis is the days the charts cover, midnight UTC each.
type dayAxis struct {
	first time.Time
	days  int
}

// newDayAxis spans every day with a count, the report window and the cutover; ok is false when
// there is nothing to chart.
func newDayAxis(r *Report) (axis dayAxis, ok bool) {
	var lo, hi time.Time
	see := func(t time.Time) {
		d := t.UTC().Truncate(24 * time.Hour)
		if lo.IsZero() || d.Before(lo) {
			lo = d
		}
		if hi.IsZero() || d.After(hi) {
			hi = d
		}
	}
	for _, d := range r.Traffic {
		see(d.Day)
	}
	for _, d := range r.FailuresByDay {
		see(d.Day)
	}
	if lo.IsZero() {
		return dayAxis{}, false
	}
	for _, t := range []*time.Time{r.Window.From, r.Window.To, r.Cutover} {
		if t != nil {
			see(*t)
		}
	}
	return dayAxis{first: lo, days: int(hi.Sub(lo)/(24*time.Hour)) + 1}, true
}

// x is where a time falls on the axis: midnight of day i is at i-0.5.
func (a dayAxis) x(t time.Time) float64 {
	return t.Sub(a.first).Hours()/24 - 0.5
}

// index is the slot of a day.
func (a dayAxis) index(day time.Time) int {
	return int(day.UTC().Truncate(24*time.Hour).Sub(a.first) / (24 * time.Hour))
}

// Ticks labels the days: each day of a span of up to ten, else every Monday or every n-th so that
// about eight are labelled; a minor tick marks each day (each Monday beyond four months).
func (a dayAxis) Ticks(lo, hi float64) []plot.Tick {
	nthMonday := int(math.Ceil(float64(a.days) / 56))
	var ticks []plot.Tick
	for i := range a.days {
		day := a.first.AddDate(0, 0, i)
		monday := day.Weekday() == time.Monday
		switch {
		case a.days <= 10 || monday && a.weekIndex(day)%nthMonday == 0:
			ticks = append(ticks, plot.Tick{Value: float64(i), Label: day.Format("Jan 2")})
		case monday || a.days <= 120:
			ticks = append(ticks, plot.Tick{Value: float64(i)})
		}
	}
	return ticks
}

// weekIndex numbers the weeks of the axis, so that every n-th Monday can be labelled.
func (a dayAxis) weekIndex(day time.Time) int {
	return int(day.Sub(a.first) / (7 * 24 * time.Hour))
}

// integerTicks label counts, which are whole numbers: 0 and up to five steps of 1, 2 or 5 times
// a power of ten.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for i := 0; hi/step > 5; i++ { // 1, 2, 5, 10, 20, 50, …
		step *= []float64{2, 2.5, 2}[i%3]
	}
	var ticks []plot.Tick
	for v := 0.0; v <= hi; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// sans is the charts' face: Liberation Sans measures text, and the page names fallbacks for it.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans", Size: textSize}

// Colours: old red, new blue, unknown grey; failure classes each their own.
var (
	colourOld     = color.RGBA{R: 0xd6, G: 0x33, B: 0x2f, A: 0xff}
	colourNew     = color.RGBA{R: 0x1f, G: 0x6f, B: 0xd0, A: 0xff}
	colourUnknown = color.RGBA{R: 0x86, G: 0x8e, B: 0x96, A: 0xff}
	colourCutover = color.RGBA{R: 0x34, G: 0x3a, B: 0x40, A: 0xff}
	classColours  = map[string]color.Color{
		"token":    color.RGBA{R: 0xc9, G: 0x2a, B: 0x2a, A: 0xff},
		"endpoint": color.RGBA{R: 0xe8, G: 0x59, B: 0x0c, A: 0xff},
		"tenant":   color.RGBA{R: 0x86, G: 0x2e, B: 0x9c, A: 0xff},
		"resource": color.RGBA{R: 0xf0, G: 0x8c, B: 0x00, A: 0xff},
		"mapping":  color.RGBA{R: 0x19, G: 0x71, B: 0xc2, A: 0xff},
		"scope":    color.RGBA{R: 0x2b, G: 0x8a, B: 0x3e, A: 0xff},
		"throttle": color.RGBA{R: 0x0c, G: 0x85, B: 0x99, A: 0xff},
		"license":  color.RGBA{R: 0x5f, G: 0x3d, B: 0xc4, A: 0xff},
		"unknown":  colourUnknown,
	}
)

// trafficSeries are the lines of an app's traffic chart, in legend order: events as thin lines,
// requests as wide pale bands beneath them, so that a connector's events and the requests they
// caused stay visible where they coincide.
var trafficSeries = []struct {
	source, series, label string
	colour                color.Color
}{
	{"requests", "old", "requests, old endpoint", colourOld},
	{"requests", "new", "requests, new endpoint", colourNew},
	{"requests", "unknown", "requests, other endpoint", colourUnknown},
	{"events", "old", "events, old side", colourOld},
	{"events", "new", "events, new side", colourNew},
	{"events", "unknown", "events, unplaced side", colourUnknown},
}

// trafficCharts draws one chart per app with traffic, keyed by app.
func trafficCharts(r *Report, axis dayAxis) (map[string]template.HTML, error) {
	counts := map[string]map[string][]float64{} // app -> source/series -> per day
	for _, d := range r.Traffic {
		if counts[d.App] == nil {
			counts[d.App] = map[string][]float64{}
		}
		key := d.Source + "/" + d.Series
		if counts[d.App][key] == nil {
			counts[d.App][key] = make([]float64, axis.days)
		}
		counts[d.App][key][axis.index(d.Day)] += float64(d.Count)
	}
	charts := map[string]template.HTML{}
	for app, byKey := range counts {
		p, legend := newChart(axis, "per day")
		ymax := 0.0
		for _, s := range trafficSeries {
			values := byKey[s.source+"/"+s.series]
			if values == nil {
				continue
			}
			line, err := plotter.NewLine(dailyXYs(values))
			if err != nil {
				return nil, fmt.Errorf("traffic chart of %s: %w", app, err)
			}
			line.Color, line.Width = s.colour, vg.Points(1.5)
			if s.source == "requests" {
				line.Color, line.Width = pale(s.colour), vg.Points(5)
			}
			p.Add(line)
			legend.Add(s.label, line)
			ymax = math.Max(ymax, slices.Max(values))
		}
		svg, err := renderChart(p, legend, chartWidth, trafficLegendWidth, ymax, r.Cutover, axis)
		if err != nil {
			return nil, fmt.Errorf("traffic chart of %s: %w", app, err)
		}
		charts[app] = svg
	}
	return charts, nil
}

// failureChart draws failed events per day as bars stacked by failure class; "" when there are none.
func failureChart(r *Report, axis dayAxis) (template.HTML, error) {
	byClass := map[string][]float64{}
	for _, d := range r.FailuresByDay {
		if byClass[d.Series] == nil {
			byClass[d.Series] = make([]float64, axis.days)
		}
		byClass[d.Series][axis.index(d.Day)] += float64(d.Count)
	}
	if len(byClass) == 0 {
		return "", nil
	}
	classes := make([]string, 0, len(byClass))
	for c := range byClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	p, legend := newChart(axis, "failed events per day")
	barWidth := (wideWidth - legendWidth(classes) - 50) / vg.Length(axis.days) * 0.75
	var below *plotter.BarChart
	for i, class := range classes {
		bars, err := plotter.NewBarChart(plotter.Values(byClass[class]), barWidth)
		if err != nil {
			return "", fmt.Errorf("failure chart: %w", err)
		}
		bars.Color = classColour(class, i)
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		below = bars
		p.Add(bars)
		legend.Add(class, bars)
	}
	ymax := 0.0
	for i := range axis.days {
		ymax = math.Max(ymax, below.BarHeight(i))
	}
	return renderChart(p, legend, wideWidth, legendWidth(classes), ymax, r.Cutover, axis)
}

// pale is a colour at a third of its strength.
func pale(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x55}
}

func classColour(class string, i int) color.Color {
	if c, ok := classColours[class]; ok {
		return c
	}
	grey := uint8(0x60 + 0x18*(i%6))
	return color.RGBA{R: grey, G: grey, B: grey, A: 0xff}
}

// newChart is an empty chart on the report's day axis, and its legend.
func newChart(axis dayAxis, yLabel string) (*plot.Plot, plot.Legend) {
	p := plot.New()
	p.X.Min, p.X.Max = -0.5, float64(axis.days)-0.5
	p.X.Tick.Marker = axis
	p.Y.Min = 0
	p.Y.Tick.Marker = integerTicks{}
	p.Y.Label.Text = yLabel
	for _, f := range []*font.Font{&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Y.Label.TextStyle.Font} {
		*f = sans
	}
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0
	grid.Horizontal.Color = color.Gray{Y: 0xe4}
	p.Add(grid)
	return p, newLegend()
}

// newLegend is a legend for the top left of the room right of a plot.
func newLegend() plot.Legend {
	legend := plot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font = sans
	legend.ThumbnailWidth = vg.Points(18)
	legend.Padding = vg.Points(2.5)
	return legend
}

// trafficLegendWidth fits every label a traffic chart may have, so that all of them line up.
var trafficLegendWidth = func() vg.Length {
	var labels []string
	for _, s := range trafficSeries {
		labels = append(labels, s.label)
	}
	return legendWidth(labels)
}()

// legendWidth is the room a legend of these labels takes right of the plot, at most half a
// chart's width (a longer label runs off the edge).
func legendWidth(labels []string) vg.Length {
	legend := newLegend()
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, legend.TextStyle.Width(l))
	}
	return min(widest+legend.ThumbnailWidth+legend.TextStyle.Width(" ")+14, chartWidth/2)
}

// dailyXYs places one value per day at the day's centre.
func dailyXYs(values []float64) plotter.XYs {
	xys := make(plotter.XYs, len(values))
	for i, v := range values {
		xys[i] = plotter.XY{X: float64(i), Y: v}
	}
	return xys
}

// renderChart adds the cutover line, draws the plot left and the legend right, and returns the
// SVG element (no XML prolog) for inlining.
func renderChart(p *plot.Plot, legend plot.Legend, width, legendWidth vg.Length, ymax float64, cutover *time.Time, axis dayAxis) (template.HTML, error) {
	ymax = math.Max(ymax*1.15, 1)
	p.Y.Max = ymax
	if cutover != nil {
		x := axis.x(*cutover)
		line, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: ymax}})
		if err != nil {
			return "", err
		}
		line.Color = colourCutover
		line.Width = vg.Points(1)
		line.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
		label, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: ymax}}, Labels: []string{"cutover"}})
		if err != nil {
			return "", err
		}
		label.Offset = vg.Point{X: 2}
		label.TextStyle[0].Font = sans
		label.TextStyle[0].YAlign = draw.YTop
		label.TextStyle[0].Color = colourCutover
		p.Add(line, label)
	}
	canvas := vgsvg.NewWith(vgsvg.UseWH(width, chartHeight))
	dc := draw.New(canvas)
	p.Draw(draw.Crop(dc, 0, -legendWidth, 0, 0))
	legend.Draw(draw.Crop(dc, width-legendWidth+10, 0, 0, -8))
	var b bytes.Buffer
	if _, err := canvas.WriteTo(&b); err != nil {
		return "", err
	}
	return inlineSVG(b.String())
}

// inlineSVG drops what vgsvg writes before the <svg> element (the XML declaration and a
// comment), which has no place inside HTML, and names generic fallbacks for its font.
func inlineSVG(doc string) (template.HTML, error) {
	start := strings.Index(doc, "<svg")
	if start < 0 {
		return "", fmt.Errorf("the SVG canvas wrote no <svg> element")
	}
	svg := strings.TrimSpace(doc[start:])
	svg = strings.ReplaceAll(svg, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
	// Only the library's own output, whose text it escapes (vgsvg's FillString), goes in unescaped.
	return template.HTML(svg), nil
}
