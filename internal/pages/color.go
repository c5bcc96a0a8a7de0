package pages

import (
	"errors"
	"fmt"
	"strings"
)

// ErrBadColor is returned (wrapped) by CheckColor and New when a colour is
// not an accepted CSS colour.
var ErrBadColor = errors.New("not a CSS colour")

// CheckColor reports whether s is a CSS colour that is safe to place in a
// style block: a hex colour (#rgb, #rgba, #rrggbb, #rrggbbaa), an rgb(),
// rgba(), hsl() or hsla() function with numeric arguments, or a CSS named
// colour (including transparent and currentcolor). Anything else returns an
// error wrapping ErrBadColor that names the value and shows valid forms.
func CheckColor(s string) error {
	if isColor(s) {
		return nil
	}
	const max = 40
	shown := s
	if len(shown) > max {
		shown = shown[:max] + "…"
	}
	return fmt.Errorf("%w: %q; use a hex colour such as #346df1, rgb(52 109 241), hsl(222 87%% 57%%) or a named colour such as navy", ErrBadColor, shown)
}

func isColor(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	if s[0] == '#' {
		h := s[1:]
		switch len(h) {
		case 3, 4, 6, 8:
		default:
			return false
		}
		for i := 0; i < len(h); i++ {
			if !isHex(h[i]) {
				return false
			}
		}
		return true
	}
	lower := strings.ToLower(s)
	for _, fn := range []string{"rgba(", "rgb(", "hsla(", "hsl("} {
		if rest, ok := strings.CutPrefix(lower, fn); ok {
			return colorArgs(rest)
		}
	}
	return namedColors[lower]
}

// colorArgs checks the inside of rgb()/hsl(): numbers, percentages, angles,
// separated by commas, spaces or one slash, then ")" and nothing after.
func colorArgs(s string) bool {
	body, ok := strings.CutSuffix(s, ")")
	if !ok || strings.ContainsAny(body, "()") {
		return false
	}
	n := 0
	for _, f := range strings.FieldsFunc(body, func(r rune) bool { return r == ' ' || r == ',' || r == '/' }) {
		f = strings.TrimSuffix(f, "%")
		f = strings.TrimSuffix(f, "deg")
		if !isNumber(f) {
			return false
		}
		n++
	}
	return n == 3 || n == 4
}

func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// namedColors is the CSS Color Module Level 4 list of named colours.
var namedColors = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(`transparent currentcolor
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
yellowgreen`) {
		m[n] = true
	}
	return m
}()
