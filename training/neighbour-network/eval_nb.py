"""Indexes the neighbour network's outputs on the dose-5 benchmark scans (run from the repository root)."""
import os, sys, subprocess
os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"; os.environ["CUDA_VISIBLE_DEVICES"]=""
import numpy as np, keras
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from train_nb import inputs_of
from orix.quaternion import Orientation, Rotation
from orix.quaternion.symmetry import Oh
from pyebsdindex import ebsd_index
K=".build/release/kikuchi"
def load(p):
    subprocess.run([K,"convert",p,p+".npy","--quiet","--overwrite"],check=True); return np.load(p+".npy").astype(np.float32)
def frac(pats,truth):
    ix=ebsd_index.EBSDIndexer(phaselist=["FCC"],vendor="EDAX",PC=(0.5,0.5,0.5),sampleTilt=70.0,camElev=0.0,patDim=pats.shape[1:])
    d=ix.index_pats(patsin=pats,verbose=0)[0]; q=d[-1]["quat"]
    a=np.rad2deg(truth.angle_with(Orientation(q,symmetry=Oh),degrees=False)); z=np.linalg.norm(q,axis=1)<0.5; a[z]=180
    return "%.3f (unindexed %d)"%(float((a<2).mean()),z.sum())
def run(*c): subprocess.run([K,*c,"--quiet","--overwrite"],check=True)
M="../shared/data/kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5"
B="training/work-neighbour/benchmark"
os.makedirs(B,exist_ok=True)
for g,seed in ((8,9001),(40,9002)):  # the scans of benchmarks/indexing/run.sh 5
    s=f"{B}/ni{g}.up2"
    if not os.path.exists(s):
        run("simulate","--master",M,"--map","20x16","--grains",str(g),"--size","120x120","--pc","0.5,0.5,0.5","--dose","5","--contrast","0.25","--gain","64","--seed",str(seed),"-o",s,"--clean",s.replace(".up2","_clean.up2"),"--orientations-out",f"{B}/ni{g}.csv")
        run("denoise",s,"-o",f"{B}/ni{g}_nlpar.up2","--method","nlpar","--lambda","auto")
model=keras.models.load_model(sys.argv[1] if len(sys.argv)>1 else "training/work-neighbour/nb.keras")
for g in (8,40):
    eu=np.loadtxt(f"training/work-neighbour/benchmark/ni{g}.csv",delimiter=",",skiprows=1)
    truth=Orientation(Rotation.from_euler(np.deg2rad(eu)).data,symmetry=Oh)
    x=inputs_of(load(f"training/work-neighbour/benchmark/ni{g}.up2"),load(f"training/work-neighbour/benchmark/ni{g}_nlpar.up2"))
    y=model.predict(x,verbose=0)[:,4:-4,4:-4,0]
    y=(y-y.min(axis=(1,2),keepdims=True)); y=y/y.max(axis=(1,2),keepdims=True)*1000
    print(g,"neighbour network",frac(y.astype(np.float32),truth),flush=True)
