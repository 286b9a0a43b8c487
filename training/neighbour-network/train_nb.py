import os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"; os.environ["CUDA_VISIBLE_DEVICES"]=""
import numpy as np, keras
from keras import layers
R,C=16,20
def standardize(a):
    m=a.mean(axis=(-2,-1),keepdims=True); s=a.std(axis=(-2,-1),keepdims=True)+1e-6
    return (a-m)/s
def inputs_of(raw, nl):
    """raw, nl: (320,120,120) of one map -> (320,128,128,10): 9 raw neighbours (centre where
    the map ends) and NLPAR's output, each standardized, reflect-padded to 128."""
    r=standardize(raw).reshape(R,C,120,120); n=standardize(nl)
    chans=[]
    for dr in (-1,0,1):
        for dc in (-1,0,1):
            out=np.empty_like(r)
            for i in range(R):
                for j in range(C):
                    ii,jj=i+dr,j+dc
                    out[i,j]=r[ii,jj] if 0<=ii<R and 0<=jj<C else r[i,j]
            chans.append(out.reshape(R*C,120,120))
    chans.append(n)
    x=np.stack(chans,-1)
    return np.pad(x,((0,0),(4,4),(4,4),(0,0)),mode="reflect").astype(np.float32)
def target_of(clean):
    return np.pad(standardize(clean),((0,0),(4,4),(4,4)),mode="reflect")[...,None].astype(np.float32)
def unet(ch=10, base=16, levels=4):
    inp=keras.Input((None,None,ch)); x=inp; skips=[]; f=base
    for _ in range(levels):
        x=layers.Conv2D(f,3,padding="same",activation="relu")(x); x=layers.Conv2D(f,3,padding="same",activation="relu")(x)
        skips.append(x); x=layers.MaxPooling2D(2)(x); f*=2
    x=layers.Conv2D(f,3,padding="same",activation="relu")(x); x=layers.Conv2D(f,3,padding="same",activation="relu")(x)
    for s in reversed(skips):
        f//=2; x=layers.Conv2DTranspose(f,2,strides=2,padding="same",activation="relu")(x)
        x=layers.Concatenate()([x,s]); x=layers.Conv2D(f,3,padding="same",activation="relu")(x); x=layers.Conv2D(f,3,padding="same",activation="relu")(x)
    return keras.Model(inp,layers.Conv2D(1,1)(x))
if __name__=="__main__":
    d=np.load("training/work-neighbour/train.npz")
    raw,nl,clean=d["raw"],d["nl"],d["clean"]
    X=np.concatenate([inputs_of(raw[m],nl[m]) for m in range(len(raw))]).astype(np.float16)
    Y=np.concatenate([target_of(clean[m]) for m in range(len(raw))]).astype(np.float16)
    del raw,nl,clean,d
    print(X.shape, X.nbytes/1e9, flush=True)
    class Data(keras.utils.PyDataset):
        def __init__(s,idx,bs): super().__init__(); s.idx=idx; s.bs=bs
        def __len__(s): return len(s.idx)//s.bs
        def __getitem__(s,i):
            j=np.sort(s.idx[i*s.bs:(i+1)*s.bs]); return X[j].astype(np.float32), Y[j].astype(np.float32)
        def on_epoch_end(s): np.random.shuffle(s.idx)
    idx=np.random.default_rng(0).permutation(len(X))
    model=unet(); model.compile(optimizer=keras.optimizers.Adam(1e-3),loss="mse")
    epochs=int(sys.argv[1]) if len(sys.argv)>1 else 2
    model.fit(Data(idx[:-320].copy(),16),validation_data=Data(idx[-320:].copy(),16),epochs=epochs,verbose=2)
    model.save("training/work-neighbour/nb.keras")
