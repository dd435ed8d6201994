package crawler

import (
	"regexp"
	"strconv"
	"strings"
)

// Workload assumptions used to turn calendar durations into hours.
const (
	hoursPerDay          = 8
	hoursPerWeek         = 40 // full time
	hoursPerWeekPartTime = 20
	weeksPerMonth        = 52.0 / 12
	weeksPerYear         = 52
)

var isoDuration = regexp.MustCompile(`^P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$`)

// ParseHours converts a workload to hours. It accepts ISO 8601 durations
// (PT20H, P6W, P1DT4H) and common text: "20 hours", "4 weeks, 5
// hours/week", "5 hours per week for 6 weeks", "2-3 hours", "90 minutes",
// "3 months part-time", "6 weeks". Calendar units without a weekly workload
// count as full time (day 8 h, week 40 h, month 52/12 weeks, year 52 weeks;
// "part-time" halves the week). It returns false when nothing is found.
func ParseHours(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if m := isoDuration.FindStringSubmatch(strings.ToUpper(s)); m != nil && s != "P" && s != "PT" {
		f := func(i int) float64 {
			if m[i] == "" {
				return 0
			}
			v, _ := strconv.ParseFloat(strings.ReplaceAll(m[i], ",", "."), 64)
			return v
		}
		h := f(1)*weeksPerYear*hoursPerWeek + f(2)*weeksPerMonth*hoursPerWeek + f(3)*hoursPerWeek +
			f(4)*hoursPerDay + f(5) + f(6)/60 + f(7)/3600
		return h, h > 0
	}
	return parseTextHours(strings.ToLower(s))
}

var (
	numUnit = regexp.MustCompile(`(\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:[.,]\d+)?))?\s*(hours?|hrs?|h|minutes?|mins?|days?|weeks?|wks?|months?|years?)\b(\s*(?:/|per|a|each)\s*(?:week|wk))?`)
	perWeek = regexp.MustCompile(`(?:/|per|a|each)\s*(?:week|wk)`)
)

func parseTextHours(s string) (float64, bool) {
	matches := numUnit.FindAllStringSubmatch(s, -1)
	if len(matches) == 0 {
		return 0, false
	}
	var hours, weekly, span float64 // span in weeks
	var spanDays float64
	for _, m := range matches {
		v := num(m[1])
		if m[2] != "" {
			v = (v + num(m[2])) / 2
		}
		unit := m[3]
		isWeekly := m[4] != "" && perWeek.MatchString(m[4])
		switch {
		case strings.HasPrefix(unit, "h"):
			if isWeekly {
				weekly += v
			} else {
				hours += v
			}
		case strings.HasPrefix(unit, "min"):
			if isWeekly {
				weekly += v / 60
			} else {
				hours += v / 60
			}
		case strings.HasPrefix(unit, "d"):
			spanDays += v
		case strings.HasPrefix(unit, "w"):
			span += v
		case strings.HasPrefix(unit, "mo"):
			span += v * weeksPerMonth
		case strings.HasPrefix(unit, "y"):
			span += v * weeksPerYear
		}
	}
	switch {
	case weekly > 0 && span > 0:
		return weekly*span + hours, true
	case weekly > 0:
		return weekly + hours, true // a weekly load without a span: one week
	case hours > 0:
		return hours, true
	case span > 0 || spanDays > 0:
		per := float64(hoursPerWeek)
		if strings.Contains(s, "part-time") || strings.Contains(s, "part time") {
			per = hoursPerWeekPartTime
		}
		return span*per + spanDays*hoursPerDay*per/hoursPerWeek, true
	}
	return 0, false
}

func num(s string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return v
}
