package match

import "sort"

// cube holds demand pre-aggregated per (month, occupation): the number of
// postings and, sparsely, per skill the postings mentioning it and how many
// of them require or prefer it. Demand questions that filter only by role
// or occupation and dates (the common ones, and the learner's gap) add up a
// few hundred cells instead of scanning every posting.
type cube struct {
	cells []cubeCell // sorted by month, then occupation
}

type cubeCell struct {
	month, occ int32
	n          int32
	skills     []int32
	cnt        []int32
	req        []int32
	pref       []int32
}

// useCube can be switched off by tests to compare the cube with a scan.
var useCube = true

func (d *Dataset) getCube() *cube {
	d.cubeOnce.Do(func() {
		type key struct{ m, o int32 }
		groups := map[key][]int32{}
		for i := range d.month {
			k := key{d.month[i], d.occ[i]}
			groups[k] = append(groups[k], int32(i))
		}
		c := &cube{cells: make([]cubeCell, 0, len(groups))}
		t := newTally(len(d.skillIDs))
		cnt, req, pref := t.cnt, t.req, t.pref
		for g, rows := range groups {
			touched := t.add(d, rows)
			sort.Slice(touched, func(a, b int) bool { return touched[a] < touched[b] })
			cell := cubeCell{month: g.m, occ: g.o, n: int32(len(rows)), skills: touched,
				cnt: make([]int32, len(touched)), req: make([]int32, len(touched)), pref: make([]int32, len(touched))}
			for j, s := range touched {
				cell.cnt[j], cell.req[j], cell.pref[j] = cnt[s], req[s], pref[s]
				cnt[s], req[s], pref[s] = 0, 0, 0
			}
			c.cells = append(c.cells, cell)
		}
		sort.Slice(c.cells, func(i, j int) bool {
			if c.cells[i].month != c.cells[j].month {
				return c.cells[i].month < c.cells[j].month
			}
			return c.cells[i].occ < c.cells[j].occ
		})
		d.cube = c
	})
	return d.cube
}

// cubeable reports whether r can be answered from the cube: no condition
// below the (month, occupation) grain.
func (r *resolved) cubeable() bool {
	return useCube && r.locs == nil && !r.remote && r.source == anySource && r.title == nil && !r.empty
}

// countCube fills c from the cube for the filter period and growth windows.
func (d *Dataset) countCube(r *resolved, c *demandCounts, gok bool, cf, ct, pf, pt int32) {
	for k := range d.getCube().cells {
		cell := &d.cube.cells[k]
		if r.occ != nil && (cell.occ < 0 || !r.occ[cell.occ]) {
			continue
		}
		m := cell.month
		if inPeriod(m, r.from, r.to) {
			c.n += int(cell.n)
			for j, s := range cell.skills {
				c.cnt[s] += cell.cnt[j]
				c.req[s] += cell.req[j]
				c.pref[s] += cell.pref[j]
			}
		}
		if gok && m >= 0 {
			if m >= cf && m <= ct {
				c.nCur += int(cell.n)
				for j, s := range cell.skills {
					c.cur[s] += cell.cnt[j]
				}
			} else if m >= pf && m <= pt {
				c.nPrev += int(cell.n)
				for j, s := range cell.skills {
					c.prv[s] += cell.cnt[j]
				}
			}
		}
	}
}

// tally counts, per skill number, the rows that mention the skill and how
// many of them ask for it as required or as preferred. The counters are
// dense; callers zero the ones add touched before the next group.
type tally struct{ cnt, req, pref []int32 }

func newTally(skills int) *tally {
	return &tally{make([]int32, skills), make([]int32, skills), make([]int32, skills)}
}

// add counts the skills of rows and returns those it counted first.
func (t *tally) add(d *Dataset, rows []int32) (touched []int32) {
	for _, i := range rows {
		sk, lv := d.rowSkills(i)
		for j, s := range sk {
			if t.cnt[s] == 0 {
				touched = append(touched, s)
			}
			t.cnt[s]++
			switch lv[j] {
			case lvlRequired:
				t.req[s]++
			case lvlPreferred:
				t.pref[s]++
			}
		}
	}
	return touched
}
