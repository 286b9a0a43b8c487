# Feasibility data for a neighbour-input network: simulated 20x16 grain maps (EMsoft Ni, 120x120,
# the benchmark's geometry, other seeds), raw + NLPAR + clean, as float16 arrays.
import os, subprocess, numpy as np
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
K=".build/release/kikuchi"; M="../shared/data/kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5"
def run(*c): subprocess.run([K,*c,"--quiet","--overwrite"],check=True)
def load(p):
    run("convert",p,p+".npy"); a=np.load(p+".npy").astype(np.float32); os.remove(p+".npy"); return a
os.makedirs("training/work-neighbour",exist_ok=True)
rng=np.random.default_rng(5)
raws=[];nls=[];cleans=[]
for m in range(int(os.environ.get("MAPS","24"))):
    g=int(np.exp(rng.uniform(np.log(4),np.log(80)))); dose=float(np.exp(rng.uniform(np.log(2),np.log(30))))
    s=f"training/work-neighbour/m{m}.up2"
    run("simulate","--master",M,"--map","20x16","--grains",str(g),"--size","120x120","--pc","0.5,0.5,0.5","--dose",f"{dose:.3f}","--contrast","0.25","--gain","64","--seed",str(20000+m),"-o",s,"--clean",s.replace(".up2","_c.up2"))
    run("denoise",s,"-o",s.replace(".up2","_n.up2"),"--method","nlpar","--lambda","auto")
    raws.append(load(s)); nls.append(load(s.replace(".up2","_n.up2"))); cleans.append(load(s.replace(".up2","_c.up2")))
    print(m,g,round(dose,2),flush=True)
np.savez("training/work-neighbour/train.npz",raw=np.array(raws,np.float32),nl=np.array(nls,np.float32),clean=np.array(cleans,np.float32))
