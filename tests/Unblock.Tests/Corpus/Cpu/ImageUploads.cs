using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using SkiaSharp;

namespace Corpus.Cpu.Images;

/// <summary>Image decode, resize and encode in upload handlers (BLK006), and the shapes that are fine.</summary>
public sealed class ImageUploads
{
    public async Task<byte[]> ThumbnailWithSkiaAsync(byte[] upload, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var input = new MemoryStream(upload);
        using var bitmap = SKBitmap.Decode(input); // expect: BLK006
        using var small = bitmap.Resize(new SKImageInfo(200, 200), SKFilterQuality.High); // expect: BLK006
        using var data = small.Encode(SKEncodedImageFormat.Jpeg, 85); // expect: BLK006
        return data.ToArray();
    }

    public async Task<byte[]> ThumbnailWithImageSharpAsync(byte[] upload)
    {
        await Task.Yield();
        using var image = Image.Load(upload); // expect: BLK006
        image.Mutate(x => x.Resize(200, 200)); // expect: BLK006
        using var output = new MemoryStream();
        image.SaveAsJpeg(output); // expect: BLK006
        return output.ToArray();
    }

    public async Task<byte[]> ThumbnailWithSystemDrawingAsync(byte[] upload)
    {
        await Task.Yield();
        using var input = new MemoryStream(upload);
        using var original = System.Drawing.Image.FromStream(input); // expect: BLK006
        using var resized = new System.Drawing.Bitmap(original, 200, 200); // expect: BLK006
        using var output = new MemoryStream();
        resized.Save(output, System.Drawing.Imaging.ImageFormat.Jpeg); // expect: BLK006
        using var blank = new System.Drawing.Bitmap(16, 16); // silent: a blank bitmap is an allocation
        return output.ToArray();
    }

    public async Task<int> ResizeAllAsync(byte[][] uploads)
    {
        var total = 0;
        foreach (var upload in uploads) // expect: BLK006
        {
            using var image = Image.Load(upload);
            image.Mutate(x => x.Resize(64, 64));
            total += image.Width;
        }

        await Task.Yield();
        return total;
    }

    public async Task<byte[]> ThumbnailOffloadedAsync(byte[] upload, CancellationToken cancellationToken)
    {
        return await Task.Run(() => // silent: the cure, already on the thread pool
        {
            using var input = new MemoryStream(upload);
            using var bitmap = SKBitmap.Decode(input);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }, cancellationToken);
    }

    public async Task<int> WidthFromRequestAsync(HttpContext context)
    {
        var bitmap = SKBitmap.Decode(context.Request.Body); // expect: BLK006
        await Task.Yield();
        return bitmap.Width;
    }

    public byte[] ThumbnailSync(byte[] upload)
    {
        using var input = new MemoryStream(upload);
        using var bitmap = SKBitmap.Decode(input); // silent: synchronous code (its caller decides where it runs)
        return bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray(); // silent: synchronous code
    }
}
