import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{$ as Je,A as K,B as Re,C as Ie,D as R,E as ke,F as Se,G as Ae,H as Ce,I as Te,J as G,K as Z,L as C,M as j,O as Le,Q as q,R as Ne,S as Fe,T as De,U as Ue,W as _e,X as Me,Z as W,_ as Be,aa as Ge,ba as qe,ca as I,da as We,fa as He,g as ce,ia as Ve,ja as Ye,k as de,ka as Xe,la as ze,n as ue,na as Ke,o as pe,p as he,pa as Qe,q as ge,r as ye,s as we,t as be,u as $e,v as ve,w as xe,x as Oe,y as Pe,z as P}from"./chunk-CTI2EVHJ.js";import{a as fe}from"./chunk-4S4EXOOE.js";import"./chunk-WXVT5Z4F.js";import{a as Ze}from"./chunk-M5AETE7A.js";import{a as Q,b as D,c as je}from"./chunk-4CKDJX4L.js";import{B as _,r as Ee}from"./chunk-NJ5P2O5C.js";import"./chunk-TXLSYQ2A.js";import"./chunk-6D3JDKEL.js";import"./chunk-6NWKZNGZ.js";import{D as U,H as J,I as z,h as me}from"./chunk-W4IPJH7K.js";import"./chunk-5H4CXJJB.js";import"./chunk-A2QBSUY3.js";import"./chunk-Q2CSPDV3.js";var u=class extends Error{constructor(t,n="usage"){super(t);this.kind=n}kind},p={pass:0,fail:1,usage:2};var St=fe("node:util"),At={help:{type:"boolean",short:"h"}};function E(o,e,t=!0){let n={...e,...At};try{return St().parseArgs({args:o,options:n,allowPositionals:t,strict:!0})}catch(r){throw Ct(r,n)}}function Ct(o,e){if(!o.code?.startsWith("ERR_PARSE_ARGS"))return o;let t=Object.keys(e).map(a=>`--${a}`),r=/'(?:-\w, )?(-{1,2}[^'\s=,]+)/.exec(o.message)?.[1];switch(o.code){case"ERR_PARSE_ARGS_UNKNOWN_OPTION":{let a=r?.startsWith("--")?j(r,t):void 0;return new u(`unknown option ${r??""}${a?` (did you mean ${a}?)`:""}`)}case"ERR_PARSE_ARGS_INVALID_OPTION_VALUE":return new u(r&&/argument missing/.test(o.message)?`${r} needs a value`:o.message.split(`
`)[0]??"invalid option value");case"ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":return new u(`unexpected argument ${/'([^']*)'/.exec(o.message)?.[1]??""}`.trimEnd());default:return new u(o.message.split(`
`)[0]??"invalid arguments")}}function et(o){let e=o.indexOf("--format");return e>=0&&o[e+1]==="json"||o.includes("--format=json")}import*as X from"node:path";import{readFile as jt,realpath as tt,stat as ot}from"node:fs/promises";import*as b from"node:path";var H=o=>o.split(b.sep).join("/"),Tt=o=>ot(o).then(()=>!0,()=>!1);async function T(o,e){let t=b.resolve(o.cwd,e??"."),n=await ot(t).catch(()=>{});if(!n)throw new u(`${e??"."}: no such directory`);if(!n.isDirectory())throw new u(`${e}: not a directory (give the repository's directory or one inside it)`);let r=await tt(t),a=await Le(r),l=a!==void 0,s=a?await tt(a):void 0,i=s??r;if(s)for(let d=r;;d=b.dirname(d)){if(await Tt(b.join(d,I))){i=d;break}if(d===s||b.dirname(d)===d||!d.startsWith(s))break}return{root:i,sub:H(b.relative(i,r)),inGit:l,...s?{top:s}:{}}}async function L(o,e,t){let n=t?b.resolve(o.cwd,t):b.join(e.root,I),r=H(b.relative(e.root,n)),a=r.startsWith("..")?n:r,l=await He(e.root,n);return{outcome:We({path:a,...l,via:"working tree"},P,t!==void 0),path:a}}async function V(o,e,t){let n=t?b.resolve(o.cwd,t):b.join(e.root,R),r;try{r=await jt(n,"utf8")}catch(s){if(s.code==="ENOENT"&&!t)return;throw new u(`cannot read the baseline ${t??R}: ${s.code??s.message}`,"invalid-baseline")}let a=H(b.relative(e.root,n)),l=ke(r);if(!l.ok)throw new u(`${a}: ${l.problem} (delete it or run \`modelgate baseline\` again)`,"invalid-baseline");return{baseline:l.baseline,source:a.startsWith("..")?n:a}}async function Y(o,e){let{root:t,sub:n,inGit:r,top:a}=e.where,l=$=>!n||$===n||$.startsWith(`${n}/`),s=[...e.notes];n&&s.push(`Checking \`${n}/\` of the repository at ${H(b.relative(o.cwd,t))||"."} (paths are relative to it).`);let i,d,m,h=e.baseArg;if(r){if(m=await q(t,"HEAD"),h){if(!await q(t,h))throw new u(`--base ${h}: no such revision`)}else h=await Ne(t);h&&(d=await Fe(t,h)??await q(t,h)),d?i=(await De(t,d)).filter($=>l($.path)||$.previousPath!==void 0&&l($.previousPath)):e.all||s.push("No base revision found (no default branch): every model unit is checked.")}else e.all||s.push("Not a git repository: every model unit is checked.");let c=o.now(),g=async()=>(r?await Ue(t):await new _(t).list()).filter(l),v;if(e.cacheDir){let{openResultCache:$}=await import("./chunk-2RUJGCF2.js"),S=await $(e.cacheDir,{repoRoots:[t,...a?[a]:[]],toolVersion:D.version});S.problem&&(o.stderr(`modelgate: warning: ${S.problem}
`),s.push(`Result cache not used: ${S.problem}.`)),v=S.cache}let y=new _(t,qe(g),v?{results:v,blobs:r?()=>Me(t):void 0}:void 0),x={event:"local",baseSha:d,headSha:m,changes:i,policyPath:e.policyPath,now:c,cache:v},f;try{f=Je(e.jobs,o.env)}catch($){throw $ instanceof W?new u($.message):$}let w=Ge({root:t,jobs:f,files:y}),A=await Ke({ruleSet:P,policy:e.policy,files:y,base:d?new _e(t,d):void 0,run:w?{...x,scanner:w}:x,all:e.all,failOn:e.failOn,tool:D,notes:s,baseline:e.baseline,shard:e.shard,merged:e.merged}).finally(()=>w?.close());if(A.units.selected.length===0&&i!==void 0&&!e.all){let $=`No model unit changed against ${h??"the base"} (0 evaluated): run \`modelgate check --all\` to check every unit.`;A.report.notes=[...A.report.notes??[],$]}return{result:A,run:x,files:y,startedAt:c,baseRef:h}}async function N(o,e,t,n){let r=b.resolve(o.cwd,e);try{await pe(r,t,{roots:[],untrusted:n,createParents:!0})}catch(a){throw a instanceof ue?new u(`cannot write ${a.message}`,"io"):new u(`cannot write ${e}: ${a.code??a.message}`,"io")}}var ee=`Usage: modelgate baseline [DIR] [--policy FILE] [--output FILE]

Evaluates every model unit and writes the findings as accepted to ${R} (at the
repository root). From then on they are reported as "baselined" (notice level) and never block; only new
findings do. Each entry is the rule, the path and a hash of the finding's subject (stable when lines move;
never a raw value). Commit the file; on pull requests it is read from the base commit, like the policy.
Entries that no longer match are reported, so run this again to shrink the file as you fix things.

Waived findings and governance/policy findings (waivers, approvals, policy changes) are never baselined.

Options:
  --policy FILE    policy file (default: the discovered .github/modelgate.yml)
  --output FILE    where to write (default: ${R} at the repository root)
  --stdout         print the baseline instead of writing it
  --help, -h       this help`;async function rt(o,e){let{values:t,positionals:n}=E(o,{policy:{type:"string"},output:{type:"string",short:"o"},stdout:{type:"boolean",default:!1}});if(t.help)return e.stdout(ee+`
`),p.pass;if(n.length>1)throw new u("baseline takes at most one directory");let r=await T(e,n[0]),{outcome:a,path:l}=await L(e,r,t.policy);if(!a.ok){for(let y of a.problems)e.stderr(`${C(y)}
`);return e.stderr(`modelgate: the policy is invalid; no baseline was written (exit 2)
`),p.usage}let{result:s}=await Y(e,{where:r,policy:a.policy,policyPath:l,all:!0,notes:[]}),i=Se(s.findings),d=0;if(r.sub&&!t.output){let x=((await V(e,r,void 0).catch(()=>{}))?.baseline.entries??[]).filter(f=>f.path!==r.sub&&!f.path.startsWith(`${r.sub}/`));d=x.length,i.entries=[...x,...i.entries].sort((f,w)=>f.path<w.path?-1:f.path>w.path?1:f.rule<w.rule?-1:f.rule>w.rule?1:f.fingerprint<w.fingerprint?-1:1)}let m=Ae(i);if(t.stdout)return e.stdout(m),p.pass;let h=t.output??X.join(X.relative(e.cwd,r.root)||".",R);await N(e,h,m);let c=i.entries.reduce((y,x)=>y+x.count,0),g=new Set(i.entries.map(y=>y.path)).size,v=s.findings.length-(c-Lt(i.entries,r.sub));return e.stdout(`wrote ${h}: ${c} finding${c===1?"":"s"} in ${g} file${g===1?"":"s"} accepted${d?` (entries outside \`${r.sub}/\` kept)`:""}${v?` (${v} waived or governance finding${v===1?"":"s"} not baselined)`:""}.
Commit it; 'modelgate check' now fails only on new findings. Fix or waive the rest over time, then delete the file.
`),p.pass}function Lt(o,e){return e?o.filter(t=>t.path!==e&&!t.path.startsWith(`${e}/`)).reduce((t,n)=>t+n.count,0):0}import{readFile as Dt}from"node:fs/promises";import*as k from"node:path";import{createHash as Ft}from"node:crypto";var nt=["selection_rate","tpr","fpr","precision"];function it(o){let e=o.countsPath??"counts.csv",t=c=>({ok:!1,problems:c.map(g=>({...g,file:e}))}),n=xe(e.toLowerCase().endsWith(".csv")?e:`${e}.csv`,o.counts);if(!n.ok)return t(n.problems);let r=o.decimals??6,a=c=>Number(c.toFixed(r)),l=[],s=[],i={};for(let c of n.report.attributes){let g=o.privileged?.[c.name];g!==void 0&&!c.groups.some(f=>f.name===g)&&s.push({...c.at,message:`the privileged group \`${g}\` is not a group of \`${c.name}\` (${c.groups.map(f=>`\`${f.name}\``).join(", ")})`});let v={};for(let f of c.groups){if(!f.counts){s.push({...f.at,message:`group \`${f.name}\` of \`${c.name}\` needs the confusion counts tp, fp, tn, fn`});continue}f.stated.length&&l.push(`${e}:${f.at.line}: columns ${[...new Set(f.stated.map(S=>S.metric))].join(", ")} ignored: metrics are computed from the counts`);let w=f.counts,A=w.tp+w.fp+w.tn+w.fn;if(f.n!==void 0&&f.n!==A){s.push({...f.nAt??f.at,message:`group \`${f.name}\` of \`${c.name}\` has n = ${f.n} but tp + fp + tn + fn = ${A}`});continue}let $={};for(let S of nt){let le=ge(S,w);le!==void 0&&($[S]=a(le))}v[f.name]={n:A,tp:w.tp,fp:w.fp,tn:w.tn,fn:w.fn,metrics:$}}let y=c.groups.filter(f=>f.counts).map(f=>we(f.name,f.counts)),x={};for(let f of ye){let w=be(f,y,g);w.ok?x[f]=a(w.value):l.push(`\`${c.name}\`: ${f} not written: ${w.reason}`)}i[c.name]={...g!==void 0?{privileged:g}:{},groups:v,metrics:x}}if(s.length)return t(s);let d={$schema:"https://raw.githubusercontent.com/modelgate/modelgate/main/schema/bias-report.schema.json",version:$e,task:"classification",model:{name:o.model.name,version:o.model.version,weights:o.weights.map(c=>({path:c.path,sha256:c.sha256}))},dataset:{...o.dataset},date:o.date,author:o.author,attributes:i,...o.notes?{notes:o.notes}:{}},m=ve().safeParse(d);return m.success?{ok:!0,text:o.format==="json"?JSON.stringify(d,null,2)+`
`:me(d,{lineWidth:0}),doc:m.data,warnings:l}:t(m.error.issues.map(c=>({line:1,column:1,message:`${c.path.map(String).join(".")||"report"}: ${c.message}`})))}async function at(o,e){let t=await o.stat(e);if(t&&t.size<=1024){let r=Ee(new TextDecoder().decode(await o.readRange(e,0,t.size)));if(r)return{sha256:r.oid,lfs:!0}}let n=Ft("sha256");for await(let r of o.stream(e))n.update(r);return{sha256:n.digest("hex"),lfs:!1}}function lt(o,e){let t=o==="."||o===""?[]:o.split("/"),n=e.split("/"),r=0;for(;r<t.length&&r<n.length-1&&t[r]===n[r];)r++;return[...t.slice(r).map(()=>".."),...n.slice(r)].join("/")}function st(o){let e=[];for(let t of o.replace(/\\/g,"/").split("/"))t===""||t==="."||(t===".."?e.pop():e.push(t));return e.join("/")||"."}async function te(o){let{reportPath:e,weightsPaths:t,files:n,...r}=o,a=st(e).split("/").slice(0,-1).join("/")||".",l=[],s=[],i=[];for(let m of t){let h=st(m);if(!await n.stat(h)){i.push({file:m,line:1,column:1,message:`weights file \`${m}\` does not exist`});continue}let c=await at(n,h);c.lfs&&s.push(h),l.push({path:lt(a,h),sha256:c.sha256})}if(i.length)return{ok:!1,problems:i};if(!l.length)return{ok:!1,problems:[{file:e,line:1,column:1,message:"name at least one weights file the metrics were computed on (--weights)"}]};let d=it({...r,weights:l});return d.ok?{...d,lfs:s}:d}var M=`Usage: modelgate bias-report --from COUNTS.csv --weights FILE [--weights FILE\u2026] [options]

Writes a bias report (docs/bias-report.md) with the metrics computed from the counts and the sha256 of each
weights file filled in (a Git LFS pointer's oid when the weights are not checked out).

COUNTS.csv has one row per group: attribute,group,tp,fp,tn,fn (an n column is optional).

Options:
  --model-name NAME  --model-version V    the model the metrics were computed for (required)
  --dataset NAME  --split SPLIT  --dataset-revision REV   the evaluation data (required)
  --author WHO                         who computed them (required)
  --date YYYY-MM-DD                    default: today
  --privileged ATTR=GROUP              the privileged group of an attribute (repeatable)
  --format yaml|json                   default: yaml
  --out FILE                           default: bias_report.yaml (or .json) next to the first --weights
                                       file, where the model unit finds it`;async function ct(o,e){let{values:t}=E(o,{from:{type:"string"},weights:{type:"string",multiple:!0},"model-name":{type:"string"},"model-version":{type:"string"},dataset:{type:"string"},split:{type:"string"},"dataset-revision":{type:"string"},author:{type:"string"},date:{type:"string"},privileged:{type:"string",multiple:!0},format:{type:"string",default:"yaml"},out:{type:"string"}},!1);if(t.help)return e.stdout(M+`
`),p.pass;let r=["from","model-name","model-version","dataset","split","dataset-revision","author"].filter(c=>!t[c]);if(r.length)throw new u(`missing ${r.map(c=>`--${c}`).join(", ")}

${M}`);if(!t.weights?.length)throw new u(`name the weights file(s) the metrics were computed on with --weights

${M}`);let a=t.format;if(a!=="yaml"&&a!=="json")throw new u("--format must be yaml or json");let l=t.date??e.now().toISOString().slice(0,10);if(!/^\d{4}-\d{2}-\d{2}$/.test(l))throw new u("--date must be YYYY-MM-DD");let s={};for(let c of t.privileged??[]){let g=c.indexOf("=");if(g<1)throw new u(`--privileged ${c}: expected ATTRIBUTE=GROUP`);s[c.slice(0,g)]=c.slice(g+1)}let i=t.out??k.join(k.dirname(t.weights[0]),`bias_report.${a==="json"?"json":"yaml"}`),d=c=>k.relative(e.cwd,k.resolve(e.cwd,c)).split(k.sep).join("/"),m;try{m=await Dt(k.resolve(e.cwd,t.from),"utf8")}catch(c){return e.stderr(`modelgate bias-report: cannot read ${t.from}: ${c.code??c.message}
`),p.usage}let h=await te({counts:m,countsPath:t.from,reportPath:d(i),weightsPaths:t.weights.map(d),files:new _(e.cwd),model:{name:t["model-name"],version:t["model-version"]},dataset:{name:t.dataset,split:t.split,revision:t["dataset-revision"]},date:l,author:t.author,privileged:s,format:a});if(!h.ok){for(let c of h.problems)e.stderr(`${c.file}:${c.line}:${c.column}: ${c.message}
`);return p.usage}await N(e,i,h.text);for(let c of h.warnings)e.stderr(`warning: ${c}
`);return h.lfs?.length&&e.stderr(`note: ${h.lfs.join(", ")}: Git LFS pointer(s); the recorded sha256 is the pointer's oid
`),e.stdout(`wrote ${d(i)}
`),p.pass}import*as ut from"node:path";var dt=["text","json","sarif","markdown"],oe=`Usage: modelgate check [DIR] [options]

Checks the model units in DIR (default: the current directory) against the repository's policy: the
nearest ${I} from DIR up to the repository root (like eslint and ruff). Paths are
relative to that root; a DIR below it checks that subtree only.

Options:
  --policy FILE       policy file (default: the discovered ${I}; built-in 'recommended' when absent)
  --base REF          compare with REF (default: the merge base with the default branch)
  --all               evaluate every model unit, not only those the change touches
  --format FORMAT     text (default; json with --shard), json, sarif or markdown
  --shard I/N         evaluate shard I of N only (units whose path hashes to it) and write a partial
                      report for \`modelgate merge\` (docs/sharding.md); the exit status is this part's
  --fail-on LEVEL     error (default), warning, notice or never
  --output FILE       write the report to FILE instead of standard output (folders are created)
  --audit FILE        write the run's audit record (an in-toto Statement v1) to FILE
  --baseline FILE     accepted findings (default: ${R} when present)
  --no-baseline       ignore the baseline: show every finding as it is
  --cache DIR         keep per-file scan results in DIR (outside the repository) and reuse them for unchanged files
  --show-baselined    list baselined findings one by one in text output
  --jobs N            scan up to N large files at once: the main thread and N-1 worker threads
                      (default: MODELGATE_JOBS, else one per CPU; 1: no worker threads)
  --quiet, -q         text output: errors only (the counts still include the rest)
  --no-color          no colours in text output (default: colours only on a terminal)
  --help, -h          this help

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or policy error.`,re={policy:{type:"string"},base:{type:"string"},all:{type:"boolean",default:!1},format:{type:"string"},shard:{type:"string"},"fail-on":{type:"string"},output:{type:"string",short:"o"},audit:{type:"string"},baseline:{type:"string"},"no-baseline":{type:"boolean",default:!1},cache:{type:"string"},"show-baselined":{type:"boolean",default:!1},jobs:{type:"string",short:"j"},quiet:{type:"boolean",short:"q",default:!1},"no-color":{type:"boolean",default:!1}};async function pt(o,e){let{values:t,positionals:n}=E(o,re);if(t.help)return e.stdout(oe+`
`),p.pass;if(n.length>1)throw new u("check takes at most one directory");let r;if(t.shard!==void 0){let a=Ve(t.shard);if(!a.ok)throw new u(`--shard: ${a.problem}`);if(r=a.shard,t.audit)throw new u("--audit is written by `modelgate merge`, not by a shard")}return se(e,t,n[0],{shard:r})}async function se(o,e,t,n){let r=n.shard,a=e.format??(r?"json":"text");if(!dt.includes(a))throw new u(`--format must be one of ${dt.join(", ")}`);let l=e["fail-on"];if(l!==void 0&&!z.includes(l))throw new u(`--fail-on must be one of ${z.join(", ")}`);if(e.baseline&&e["no-baseline"])throw new u("--baseline and --no-baseline exclude each other");let s;try{s=Be(e.jobs,"--jobs")}catch(y){throw y instanceof W?new u(y.message):y}let i=await T(o,t),{outcome:d,path:m}=await L(o,i,e.policy);if(!d.ok){for(let y of d.problems)o.stderr(`${C(y)}
`);if(o.stderr(`modelgate: the policy is invalid; nothing was checked (exit 2)
`),a==="json"){let y={version:1,tool:D,conclusion:"failure",error:{kind:"invalid-policy",problems:d.problems}},x=JSON.stringify(y,null,2)+`
`;e.output?await N(o,e.output,x,i.root).catch(()=>{}):o.stdout(x)}return p.usage}let h=e["no-baseline"]?void 0:await V(o,i,e.baseline),c=await Y(o,{where:i,policy:d.policy,policyPath:m,baseArg:e.base,all:!!e.all,failOn:l,notes:[...d.notes],baseline:h,shard:r,merged:n.merge&&Xe(n.merge.reports),cacheDir:e.cache?ut.resolve(o.cwd,e.cache):void 0,jobs:s}),{result:g}=c;if(n.merge){let{set:y,reports:x}=n.merge,f=ze(y,x,{policySha256:d.policy.sha256,baseSha:c.run.baseSha,headSha:c.run.headSha},g.report.models.map(w=>w.path));if(f)throw new u(f,"merge")}let v=a==="json"?Ie(Re(g.report)):a==="sarif"?Ce(g.report,P.rules):a==="markdown"?de(g.report,{maxChars:1e6}):ce(g.report,{color:o.isTTY&&!e["no-color"]&&!e.output&&!o.env.NO_COLOR,quiet:e.quiet,showBaselined:e["show-baselined"]});if(e.audit){let y=await he({result:g,policy:d.policy,run:c.run,files:c.files,startedAt:c.startedAt,finishedAt:o.now()});await N(o,e.audit,JSON.stringify(y,null,2)+`
`,i.root)}if(e.output)await N(o,e.output,v,i.root),e.quiet||o.stderr(`modelgate: report written to ${e.output} (${g.report.conclusion})
`);else if(typeof v=="string")o.stdout(v);else for(let y of v)o.stdout(y);return g.verdict.conclusion==="failure"?p.fail:p.pass}import{mkdir as mt,writeFile as ht,access as ft,stat as Ut}from"node:fs/promises";import*as O from"node:path";var gt="npx --yes github:modelgate/modelgate",yt=`Usage: modelgate init [DIR] [--preset PRESET] [--force] [--stdout]
       modelgate init --card MODEL_DIR [--tier TIER] [--force] [--stdout]

Writes a commented starter policy to DIR/${I}, or with --card a model card
(MODEL_DIR/README.md) whose front matter and sections are exactly what the repository's policy requires
for the unit's risk tier, each filled with guidance that modelgate reports as a placeholder until you
replace it.

Options:
  --preset PRESET   recommended (default), strict or eu-ai-act-high-risk
  --card DIR        scaffold the model card of the unit in DIR
  --tier TIER       with --card: the risk tier to declare (${J.join(", ")}; default: the policy's default-tier)
  --force           overwrite an existing file
  --stdout          print instead of writing
  --help, -h        this help`,_t="https://raw.githubusercontent.com/modelgate/modelgate/main/schema/policy.schema.json";function Mt(o){return`# yaml-language-server: $schema=${_t}
# modelgate governance policy. Reference: docs/policy-reference.md. Check it locally with: ${gt} check --all
# On pull requests this file is read from the BASE commit: a pull request cannot weaken its own gate.
version: 1

# ${Te[o]}
extends: ${o}

# Lowest severity that fails the gate: error, warning, notice or never.
fail-on: error

# Risk tier of a model whose card declares none (card metadata key: risk_level).
default-tier: minimal

# Model units are found automatically: a directory holding a model artifact (.pt, .safetensors, .onnx,
# .pkl, \u2026) or an MLflow MLmodel file. Add directories or leave some out here.
models:
  exclude:
    - "tests/fixtures/**"

# Per-rule levels (error, warning, notice, off) and options. 'modelgate rules' lists them.
rules:
  doc/model-card-required: error

# Accountable, expiring exceptions. Each needs a reason, an approver and an expiry date.
# waivers:
#   - rule: doc/model-card-required
#     models: ["models/legacy-*"]
#     reason: "Legacy model, card being written in PROJ-123"
#     approved-by: "@ml-governance"
#     expires: 2027-01-31

# Who must approve changes to which models (needs the pull_request_review trigger).
# guardians:
#   - models: ["models/credit-*"]
#     teams: ["acme/model-risk"]
`}var B="[More Information Needed]",Bt={"intended-use":"what the model is for, who uses it, and in which setting.","out-of-scope-use":"uses the model is not meant or allowed for.",limitations:"known limitations and risks, and when the output must not be relied on.","training-data":"the data the model was trained on, its source, period and licence.",evaluation:"how the model was evaluated: data, metrics and results.",bias:"bias examined, on which groups, and what was done about it.","environmental-impact":"compute used to train the model and its estimated emissions.","citation-or-contact":"how to cite the model, or whom to contact."};function Jt(o,e,t){let n=Oe(Pe(o.settings),e),r=o.tierKey.value,a=["---",`# Scaffolded by \`modelgate init --card\` for the \`${e}\` tier of ${o.source}.`,`# Replace every ${B}: modelgate reports them until they are filled in.`];a.push(`${r}: ${e}`);let l=new Set([r]);for(let s of n.fields){if(s.when?.length){let m=s.when.map(h=>h==="fine-tuned"?"fine-tuned models":"Hugging Face style models").join(" and ");a.push(`# ${s.anyOf.join(" or ")}: required for ${m}`);continue}let i=s.anyOf[0];if(l.has(i)||s.anyOf.some(m=>l.has(m)))continue;l.add(i);let d=[s.anyOf.length>1?`or ${s.anyOf.slice(1).join(", ")}`:"",s.regulation??""].filter(Boolean).join("; ");i==="model-index"?(a.push(`# model-index: structured evaluation results (Hugging Face format)${d?`; ${d}`:""}`),a.push(`model-index: ${JSON.stringify(B)}`)):a.push(`${/^[A-Za-z0-9_-]+$/.test(i)?i:JSON.stringify(i)}: ${JSON.stringify(B)}${d?`  # ${d}`:""}`)}a.push("---","",`# ${t}`,"");for(let s of n.sections){let i=s.synonyms[0]??s.title;a.push(`## ${i}`,"",`${B} ${Bt[s.id]??`${s.title}.`}${s.regulation?` (${s.regulation})`:""}`,"")}return a.join(`
`)}async function wt(o,e){let{values:t,positionals:n}=E(o,{preset:{type:"string",default:"recommended"},force:{type:"boolean",default:!1},stdout:{type:"boolean",default:!1},card:{type:"string"},tier:{type:"string"}});if(t.card!==void 0)return Gt(e,t.card,t.tier,t.force,t.stdout,n);if(t.tier)throw new u("--tier goes with --card");let r=t.preset;if(!U.includes(r))throw new u(`--preset must be one of ${U.join(", ")}`);let a=Mt(r);if(t.stdout)return e.stdout(a),p.pass;let l=O.join(O.resolve(e.cwd,n[0]??"."),I);return!t.force&&await ft(l).then(()=>!0,()=>!1)?(e.stderr(`modelgate: ${l} exists; use --force to overwrite
`),p.usage):(await mt(O.dirname(l),{recursive:!0}),await ht(l,a),e.stdout(`wrote ${O.relative(e.cwd,l)||l} (preset: ${r})
next: ${gt} check --all
`),p.pass)}async function Gt(o,e,t,n,r,a){if(a.length)throw new u("with --card, give the model directory as the value of --card");let l=O.resolve(o.cwd,e),s=await Ut(l).catch(()=>{});if(s&&!s.isDirectory())throw new u(`--card ${e}: not a directory`);s||await mt(l,{recursive:!0});let i=await T(o,e),{outcome:d}=await L(o,i,void 0);if(!d.ok){for(let g of d.problems)o.stderr(`${C(g)}
`);return p.usage}let m=t??d.policy.defaultTier.value;if(!J.includes(m))throw new u(`--tier must be one of ${J.join(", ")}`);let h=Jt(d.policy,m,O.basename(l));if(r)return o.stdout(h),p.pass;let c=O.join(l,"README.md");return!n&&await ft(c).then(()=>!0,()=>!1)?(o.stderr(`modelgate: ${O.relative(o.cwd,c)} exists; use --force to overwrite
`),p.usage):(await ht(c,h),o.stdout(`wrote ${O.relative(o.cwd,c)} (tier: ${m}, policy: ${d.policy.source}); fill in every ${B}
`),p.pass)}import*as bt from"node:path";var ne=`Usage: modelgate merge REPORT... [options]

Combines the partial reports of \`modelgate check --shard I/N\` (one per shard, e.g. from the jobs of an
Actions matrix) into one run: checks that every shard is there exactly once and that the reports agree on the
shard count, the policy, the base and the head commit; evaluates the run-level rules once (policy changes,
guardian approvals, waivers, the baseline); decides one verdict and writes one report. Run it in the checkout
the shards checked, with the same --all and --base: it reads the policy, the baseline and the change there.
See docs/sharding.md.

Options:
  --dir DIR           the repository directory the shards checked (default: the current directory)
  --policy FILE       policy file (default: the discovered .github/modelgate.yml)
  --base REF          compare with REF (default: the merge base with the default branch)
  --all               the shards evaluated every model unit
  --format FORMAT     text (default), json, sarif or markdown
  --fail-on LEVEL     error (default), warning, notice or never
  --output FILE       write the report to FILE instead of standard output
  --audit FILE        write the run's audit record (an in-toto Statement v1) to FILE
  --baseline FILE     accepted findings (default: ${R} when present)
  --no-baseline       ignore the baseline
  --show-baselined    list baselined findings one by one in text output
  --quiet, -q         text output: errors only
  --no-color          no colours in text output
  --help, -h          this help

Exit status: 0 the gate passes, 1 the gate fails, 2 usage or policy error, or reports that do not form one
run (a shard missing or given twice, shards that disagree).`,{shard:$r,...qt}=re,Wt={...qt,dir:{type:"string"}};async function $t(o,e){let{values:t,positionals:n}=E(o,Wt);if(t.help)return e.stdout(ne+`
`),p.pass;if(n.length===0)throw new u("merge needs the shard reports (REPORT...)");let r=n.map(d=>({name:d,path:bt.resolve(e.cwd,d)})),a=await Qe(r);if(!a.ok)throw new u(a.problem,"merge");let l=Ye(a.reports);if(!l.ok)throw new u(l.problem,"merge");let{dir:s,...i}=t;return se(e,i,s,{merge:{reports:a.reports,set:l}})}var vt=`Usage: modelgate policy show|validate [DIR] [--policy FILE] [--format text|json]

  show       the effective policy: every rule's level and options, and where each value came from
  validate   check the policy file; exit 2 with file:line:col for every problem

The policy is the nearest ${I} from DIR (default: the current directory) up to the
repository root, or --policy FILE.

Options:
  --policy FILE     policy file
  --format FORMAT   text (default) or json
  --help, -h        this help`,Ht=["show","validate"];async function xt(o,e){let{values:t,positionals:n}=E(o,{policy:{type:"string"},format:{type:"string",default:"text"}}),[r,...a]=n;if(r!=="show"&&r!=="validate"){let m=r?j(r,Ht):void 0;throw new u(r?`unknown subcommand "${r}"${m?` (did you mean "${m}"?)`:""}`:"policy needs a subcommand: show or validate")}if(t.format!=="text"&&t.format!=="json")throw new u("--format must be text or json");if(a.length>1)throw new u(`policy ${r} takes at most one directory`);let l=await T(e,a[0]),{outcome:s}=await L(e,l,t.policy);if(!s.ok){for(let m of s.problems)e.stderr(`${C(m)}
`);return t.format==="json"&&e.stdout(JSON.stringify({version:1,valid:!1,error:{kind:"invalid-policy",problems:s.problems}},null,2)+`
`),p.usage}let i=s.policy;if(r==="validate"){for(let m of s.notes.filter(h=>h.startsWith("Deprecated: ")))e.stderr(`warning: ${m.slice(12)}
`);return t.format==="json"?e.stdout(JSON.stringify({version:1,valid:!0,source:i.source,extends:i.extends,notes:s.notes},null,2)+`
`):e.stdout(`${i.source}: valid (extends ${i.extends.join(", ")})
`),p.pass}if(t.format==="json")return e.stdout(JSON.stringify(i,null,2)+`
`),p.pass;let d=[`# effective policy: ${i.source} (sha256 ${i.sha256.slice(0,12)}), extends ${G(i.extends).join(" \u2192 ")}`];for(let m of s.notes)d.push(`# ${m}`);d.push(`fail-on: ${i.failOn.value}    # ${i.failOn.source}`),d.push(`default-tier: ${i.defaultTier.value}    # ${i.defaultTier.source}`),d.push(`tier-key: ${i.tierKey.value}    # ${i.tierKey.source}`),d.push("models:",`  include: ${JSON.stringify(i.models.include)}`,`  exclude: ${JSON.stringify(i.models.exclude)}`,`  default-exclude: ${JSON.stringify(i.models.defaultExclude??[])}  # not governed; still safety- and PII-scanned when a change touches them`,`  artifact-extensions: ${JSON.stringify(i.models.artifactExtensions)}  # defaults plus added; model files by content are scanned whatever their name`,`  units: ${JSON.stringify(i.models.units??[])}`),d.push("rules:");for(let m of P.rules){let h=i.rules[m.id],c=h.options&&typeof h.options=="object"&&Object.keys(h.options).length?`  options: ${JSON.stringify(h.options)}`:"";d.push(`  ${m.id}: ${h.severity}    # ${h.source}${c?`
    #${c}`:""}`)}if(Object.keys(i.settings).length){d.push("settings:");for(let[m,h]of Object.entries(i.settings))d.push(`  ${m}: ${JSON.stringify(h)}`)}return d.push(`waivers: ${i.waivers.length}`,`guardians: ${i.guardians.length}`),e.stdout(d.join(`
`)+`
`),p.pass}var Et=`Usage: modelgate rules [--format text|json]

Lists every rule with its category, its level under the 'recommended' preset and a one-line description.

Options:
  --format FORMAT   text (default) or json (with the level under every preset and the regulation items)
  --help, -h        this help`,Ot=`Usage: modelgate explain RULE_ID

What a rule checks, why, how to fix it, its level under each preset, its options and examples.
'modelgate rules' lists the rule ids.`;function ie(o){let e={};for(let t of U)e[t]=Z(o,G([t]),void 0,"").severity;return e}async function Pt(o,e){let{values:t,positionals:n}=E(o,{format:{type:"string",default:"text"}});if(n.length)throw new u(`rules takes no arguments${K(n[0])?` (for one rule: modelgate explain ${n[0]})`:""}`);if(t.format==="json"){let l=P.rules.map(s=>({id:s.id,category:s.category,description:s.description,levels:ie(s),regulation:s.regulation??[]}));return e.stdout(JSON.stringify(l,null,2)+`
`),p.pass}if(t.format!=="text")throw new u("--format must be text or json");let r=Math.max(...P.rules.map(l=>l.id.length)),a="";for(let l of[...P.rules].sort((s,i)=>s.category+s.id<i.category+i.id?-1:1)){l.category!==a&&(a=l.category,e.stdout(`
${a}
`));let s=ie(l);e.stdout(`  ${l.id.padEnd(r)}  ${s.recommended.padEnd(7)}  ${l.description}
`)}return e.stdout(`
${P.rules.length} rules; the level shown is the one under 'recommended'. 'modelgate explain RULE_ID' for details.
`),p.pass}async function Rt(o,e){let{positionals:t}=E(o,{}),n=t[0];if(!n)throw new u("explain needs a rule id (see `modelgate rules`)");if(t.length>1)throw new u("explain takes one rule id");let r=K(n);if(!r){let s=j(n,P.rules.map(i=>i.id));return e.stderr(`modelgate: unknown rule "${n}"${s?` (did you mean "${s}"?)`:""}
`),p.usage}let a=ie(r),l=[`${r.id} (${r.category})`,"",r.description,"",`Levels: ${U.map(s=>`${s}: ${a[s]}`).join(", ")}`];if(r.regulation?.length&&l.push(`Regulation: ${r.regulation.join("; ")}`),l.push("",r.help.trim()),(r.examples?.pass||r.examples?.fail)&&(l.push("","Examples:"),r.examples.pass&&l.push(`  passes: ${r.examples.pass}`),r.examples.fail&&l.push(`  fails:  ${r.examples.fail}`)),r.options&&"shape"in r.options){let s=r.options.shape,i=Object.keys(s);if(i.length){l.push("","Options (under `rules:` in the policy):");let d=Z(r,[],void 0,"").options;for(let m of i)l.push(`  ${m}: ${JSON.stringify(d[m])}${s[m]?.description?`  \u2014 ${s[m].description}`:""}`)}}return e.stdout(l.join(`
`)+`
`),p.pass}var F={check:{run:pt,usage:oe,summary:"check the model units a change touches (or --all) against the policy"},merge:{run:$t,usage:ne,summary:"combine the reports of `check --shard I/N` into one verdict (docs/sharding.md)"},baseline:{run:rt,usage:ee,summary:"accept an existing repository's findings; the gate then blocks only new ones"},init:{run:wt,usage:yt,summary:"write a starter policy, or scaffold a model card (--card DIR)"},rules:{run:Pt,usage:Et,summary:"list the rules and their levels"},explain:{run:Rt,usage:Ot,summary:"what a rule checks, why, and how to fix it"},policy:{run:xt,usage:vt,summary:"show or validate the effective policy"},"bias-report":{run:ct,usage:M,summary:"write a bias report from per-group confusion counts"},help:{run:async()=>p.pass,usage:"Usage: modelgate help [COMMAND]\n\nThe usage and options of COMMAND (the same as `modelgate COMMAND --help`).",summary:"help for a command"}},It=`modelgate ${Q}: gate ML model changes on a governance policy

Usage: modelgate COMMAND [options]

Commands:
${Object.entries(F).map(([o,e])=>`  ${o.padEnd(12)} ${e.summary}`).join(`
`)}

Options: --version, --help. 'modelgate help COMMAND' (or 'modelgate COMMAND --help') for a command's options.
Quick start: 'modelgate init', then 'modelgate check --all'. Docs: https://github.com/modelgate/modelgate#readme`;async function Xr(o,e){let[t,...n]=o;if(!t||t==="--help"||t==="-h")return e.stdout(It+`
`),t?p.pass:p.usage;if(je(o))return e.stdout(Q+`
`),p.pass;if(t==="help"){let s=n[0];if(s==="--help"||s==="-h")return e.stdout(F.help.usage+`
`),p.pass;if(!s)return e.stdout(It+`
`),p.pass;let i=F[s];return i?(e.stdout(i.usage+`
`),p.pass):ae(e,void 0,kt(s),n)}let r=Object.hasOwn(F,t)?F[t]:void 0;if(!r)return ae(e,void 0,kt(t),n);let a=n.indexOf("--"),l=a>=0?n.slice(0,a):n;if(l.includes("--help")||l.includes("-h"))return e.stdout(r.usage+`
`),p.pass;try{return await r.run(n,e)}catch(s){return s instanceof u?ae(e,t,s,n):Ze(s)?p.pass:(e.stderr(`modelgate: ${s.stack??String(s)}
`),p.usage)}}function kt(o){let e=j(o,Object.keys(F));return new u(`unknown command "${o}"${e?` (did you mean "${e}"?)`:""}`)}function ae(o,e,t,n){let r=e?F[e]:void 0,a=t.kind==="usage";return o.stderr(`modelgate${e?` ${e}`:""}: ${t.message}
${a?`
${r?r.usage:`Commands: ${Object.keys(F).join(", ")}. 'modelgate --help' for more.`}
`:""}`),et(n)&&o.stdout(JSON.stringify({version:1,tool:D,conclusion:"failure",error:{kind:t.kind,message:t.message,...e?{command:e}:{}}},null,2)+`
`),p.usage}export{F as COMMANDS,Xr as main};
