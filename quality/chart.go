package quality

import (
	"html/template"
	"strconv"

	"github.com/cbccvc/cbccvc-go/packet"
)

// chart is a horizontal bar chart, drawn as inline SVG by the template:
// one row per group, each bar made of segments (errors, warnings, clean).
type chart struct {
	Width, Height float64
	Rows          []chartRow
}

type chartRow struct {
	Y, TextY float64
	Label    template.HTML // SVG text content, escaped
	Title    string
	Segs     []segment
	Value    string
	ValueX   float64
}

type segment struct {
	X, Y, W float64
	Class   string
}

// The geometry of every chart, in SVG user units.
const (
	chartWidth = 640.0
	labelWidth = 200.0
	barLeft    = labelWidth + 8
	barWidth   = 360.0
	rowHeight  = 24.0
	barHeight  = 15.0
	maxRows    = 15
)

// part is one segment of a bar before scaling.
type part struct {
	n     int
	class string
}

func newChart() chart { return chart{Width: chartWidth, Height: 4} }

// add appends a row whose bar is parts, scaled so that max fills the width.
func (c *chart) add(label template.HTML, title string, parts []part, max int, value string) {
	y := c.Height
	row := chartRow{Y: y + (rowHeight-barHeight)/2, TextY: y + rowHeight/2 + 4, Label: label, Title: title, Value: value}
	x := barLeft
	for _, p := range parts {
		if p.n == 0 || max == 0 {
			continue
		}
		w := round(barWidth * float64(p.n) / float64(max))
		row.Segs = append(row.Segs, segment{X: round(x), Y: row.Y, W: max1(w), Class: p.class})
		x += max1(w)
	}
	row.ValueX = round(x + 6)
	c.Rows = append(c.Rows, row)
	c.Height += rowHeight
}

func max1(w float64) float64 {
	if w < 1 {
		return 1 // a bar too small to see still shows
	}
	return w
}

func text(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }

// svgBilingual is a label in both languages for SVG text.
func svgBilingual(vi, en string) template.HTML {
	return template.HTML(`<tspan class="vi">` + template.HTMLEscapeString(vi) + `</tspan><tspan class="en">` +
		template.HTMLEscapeString(en) + `</tspan>`)
}

func ruleChart(groups []RuleGroup) chart {
	c := newChart()
	max := 0
	for _, g := range groups {
		max = maxInt(max, g.Count)
	}
	for i, g := range groups {
		if i == maxRows {
			break
		}
		class := "bar-err"
		if g.Severity != packet.SeverityError {
			class = "bar-warn"
		}
		c.add(text(g.Rule), g.DescriptionVI, []part{{g.Count, class}}, max, strconv.Itoa(g.Count))
	}
	return c
}

func fieldChart(groups []FieldGroup) (chart, int) {
	c := newChart()
	max := 0
	for _, g := range groups {
		max = maxInt(max, g.Errors+g.Warnings)
	}
	for i, g := range groups {
		if i == maxRows {
			return c, len(groups) - maxRows
		}
		label := text(clipLabel(g.Field))
		if g.Field == "" {
			label = svgBilingual("(cả bản ghi, gói tin)", "(whole record, packet)")
		}
		c.add(label, g.LabelVI, []part{{g.Errors, "bar-err"}, {g.Warnings, "bar-warn"}}, max, strconv.Itoa(g.Errors+g.Warnings))
	}
	return c, 0
}

// clipLabel keeps the end of a long field path, which names the member.
func clipLabel(s string) string {
	const n = 30
	if r := []rune(s); len(r) > n {
		return "…" + string(r[len(r)-n+1:])
	}
	return s
}

func unitChart(units []UnitGroup) (chart, int) {
	c := newChart()
	max := 0
	for _, u := range units {
		max = maxInt(max, u.Records)
	}
	for i, u := range units {
		if i == maxRows {
			return c, len(units) - maxRows
		}
		c.add(text(u.Code), "", []part{{u.Records - u.Clean, "bar-err"}, {u.Clean, "bar-ok"}}, max,
			strconv.Itoa(u.Clean)+"/"+strconv.Itoa(u.Records))
	}
	return c, 0
}

func layerChart(layers []LayerCount) chart {
	c := newChart()
	max := 0
	for _, l := range layers {
		max = maxInt(max, l.Errors+l.Warnings)
	}
	for _, l := range layers {
		label := text(string(l.Layer))
		if s, ok := uiStrings["layer-"+string(l.Layer)]; ok {
			label = svgBilingual(s[0], s[1])
		}
		c.add(label, "", []part{{l.Errors, "bar-err"}, {l.Warnings, "bar-warn"}}, max, strconv.Itoa(l.Errors+l.Warnings))
	}
	return c
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}
