#!/usr/bin/env node
import { createRequire as __mgCreateRequire } from 'node:module'; const require = __mgCreateRequire(import.meta.url);
import{a as o}from"./chunk-M5AETE7A.js";import{a as r,c as t}from"./chunk-4CKDJX4L.js";import"./chunk-Q2CSPDV3.js";import*as i from"node:module";i.enableCompileCache?.();var n=s=>{throw o(s)&&process.exit(process.exitCode??0),s};process.stdout.on("error",n);process.stderr.on("error",n);t(process.argv.slice(2))?process.stdout.write(r+`
`):await c();async function c(){let{main:s}=await import("./chunk-QPOMQQXN.js");s(process.argv.slice(2),{cwd:process.cwd(),stdout:e=>process.stdout.write(e),stderr:e=>process.stderr.write(e),isTTY:!!process.stdout.isTTY,env:process.env,now:()=>new Date}).then(e=>{process.exitCode=e},e=>{o(e)||(process.stderr.write(`modelgate: ${String(e)}
`),process.exitCode=2)})}
