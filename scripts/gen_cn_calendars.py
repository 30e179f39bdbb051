#!/usr/bin/env python3
"""Regenerates templates/calendars/china-*.json from the official holiday schedules.

Usage: scripts/gen_cn_calendars.py PATH/TO/cn-holidays.json
Run it when the State Council publishes a new year's schedule (usually in November), after
adding that year to the data file; commit the regenerated templates.
"""
import json
import sys

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
VARIANTS = {
    "china-0900-1700.json": ("中国标准工时 09:00–17:00（含法定节假日与调休）", [["09:00", "17:00"]], 480),
    "china-0830-1730-lunch.json": (
        "中国工时 08:30–12:00、13:30–17:30（含法定节假日与调休）",
        [["08:30", "12:00"], ["13:30", "17:30"]],
        450,
    ),
}


def main(path):
    data = json.load(open(path, encoding="utf-8"))
    years = sorted(k for k in data if k.isdigit())
    holidays = sorted(d for y in years for d in data[y]["holidays"])
    extra = sorted(d for y in years for d in data[y]["extra_workdays"])
    for name, (label, hours, day_minutes) in VARIANTS.items():
        week = {d: hours for d in WEEKDAYS}
        week.update(sat=[], sun=[])
        out = ["{", f'  "name": {json.dumps(label, ensure_ascii=False)},', '  "tz": "Asia/Shanghai",',
               '  "week": {']
        keys = WEEKDAYS + ["sat", "sun"]
        for i, k in enumerate(keys):
            out.append(f'    "{k}": {json.dumps(week[k])}' + ("," if i < 6 else ""))
        out.append("  },")
        out.append('  "holidays": [\n    ' + ",\n    ".join(json.dumps(d) for d in holidays) + "\n  ],")
        out.append('  "extra_workdays": [\n    ' +
                   ",\n    ".join('{"date": "%s"}' % d for d in extra) + "\n  ],")
        out.append(f'  "day_minutes": {day_minutes},')
        out.append('  "half_day_minutes": 240')
        out.append("}")
        with open(f"templates/calendars/{name}", "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
