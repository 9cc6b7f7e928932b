import json, re, subprocess, sys
out = []
# Aceh (transcribed from data.json)
for line in open('/work/main/bench/data/relevance/aceh.tsv', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    id8, agency, title, desc, kw = line.rstrip('\n').split('\t')
    tags = [k.strip() for k in kw.split(';') if k.strip()]
    out.append({"id": "aceh-" + id8, "batch": "aceh", "title": " ".join(title.split()), "description": " ".join(desc.split()), "agency": agency, "tags": tags})
# Jambi
php = subprocess.run(['git', '-C', '/work/.mirror/sNyum+blogify-main/repo', 'show', 'HEAD:config/opendata_jambi_index.php'], capture_output=True, text=True).stdout
seen = set()
for m in re.finditer(r"'url' => 'https://opendata\.jambiprov\.go\.id/web-datasets/([0-9a-f-]+)/([^']+)',\s*'category' => '([^']*)'", php):
    uid, slug, cat = m.groups()
    title = " ".join(w.capitalize() if w not in ('di','dan','yang','ke','per','atau','dari') else w for w in slug.split('-') if w)
    out.append({"id": "jambi-" + uid, "batch": "jambi", "title": title, "description": "", "agency": "Pemerintah Provinsi Jambi", "tags": [cat]})
# Bandung
r = subprocess.run(['git', '-C', '/work/.mirror/mohrosidi+envbandung/repo', 'show', 'HEAD:R/DATASET.R'], capture_output=True, text=True).stdout
for block in r.split('#\' @title ')[1:]:
    title = block.split('\n', 1)[0].strip()
    d = re.search(r"@description (.*)", block)
    s = re.search(r"data\.bandung\.go\.id/dataset/([^}\s]+)", block)
    out.append({"id": "bandung-" + (s.group(1) + "-" + str(len(out)) if s else title.lower()), "batch": "bandung", "title": title, "description": d.group(1).strip() if d else "", "agency": "Pemerintah Kota Bandung", "tags": []})
ids = [o['id'] for o in out]
dup = {i for i in ids if ids.count(i) > 1}
print(len(out), 'dup ids', dup, file=sys.stderr)
titles = {}
for o in out:
    titles.setdefault((o['batch'], o['title'].lower()), []).append(o['id'])
print('same titles', sum(1 for v in titles.values() if len(v) > 1), file=sys.stderr)
with open('/work/main/bench/data/relevance/records.jsonl', 'w', encoding='utf-8') as fh:
    for o in out:
        fh.write(json.dumps(o, ensure_ascii=False) + '\n')
